import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, type Event } from '../shared/decider';

export type StartCollectionServer = Command<
  'StartCollectionServer',
  { runId: string; date: CalendarDate; at: number }
>;
export type StopCollectionServer = Command<
  'StopCollectionServer',
  { runId: string; outcome: 'succeeded' | 'failed'; error?: string; at: number }
>;
export type CollectionServerCommand = StartCollectionServer | StopCollectionServer;

export type CollectionServerStarted = Event<
  'CollectionServerStarted',
  { runId: string; date: CalendarDate; startedAt: number }
>;
export type CollectionServerStopped = Event<
  'CollectionServerStopped',
  { runId: string; outcome: 'succeeded' | 'failed'; error?: string; stoppedAt: number }
>;
export type CollectionServerEvent = CollectionServerStarted | CollectionServerStopped;

export type CollectionServerState =
  | { readonly status: 'stopped'; readonly lastRunId: string | null }
  | {
      readonly status: 'running';
      readonly runId: string;
      readonly date: CalendarDate;
      readonly since: number;
    };

/**
 * The daily run's server: started for one run, stopped afterwards whatever the outcome.
 * Starting a running server or stopping a stopped one is not an error: nothing happens.
 */
export const collectionServerDecider: Decider<
  CollectionServerState,
  CollectionServerCommand,
  CollectionServerEvent
> = {
  initialState: () => ({ status: 'stopped', lastRunId: null }),
  decide: (command, state) => {
    if (command.type === 'StartCollectionServer') {
      if (state.status === 'running') return [];
      const { runId, date, at } = command.data;
      return [{ type: 'CollectionServerStarted', data: { runId, date, startedAt: at } }];
    }
    if (state.status === 'stopped') return [];
    const { at, ...rest } = command.data;
    return [{ type: 'CollectionServerStopped', data: { ...rest, stoppedAt: at } }];
  },
  evolve: (state, event) =>
    event.type === 'CollectionServerStarted'
      ? { status: 'running', runId: event.data.runId, date: event.data.date, since: event.data.startedAt }
      : { status: 'stopped', lastRunId: state.status === 'running' ? state.runId : event.data.runId },
};

/** The journal stream of the collection server. */
export const COLLECTION_SERVER_STREAM = 'collection-server';
