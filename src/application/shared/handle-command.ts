import {
  type Command,
  type Decider,
  type Event,
  type ExpectedStreamVersion,
  type LocusEvent,
  NO_STREAM_VERSION,
  replay,
} from '../../domain';
import { type EventJournal, isLocusError } from '../../ports';

/** How many times a command is decided again after another writer appended first. */
export const DEFAULT_COMMAND_RETRIES = 5;

/** A stream folded through its decider, with the version the state was read at. */
export interface LoadedState<S> {
  readonly state: S;
  readonly version: number;
}

/** Replays a stream through its decider: the state decisions are made from, and its version. */
export const loadState = async <S, C extends Command, E extends Event>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  stream: string,
): Promise<LoadedState<S>> => {
  const { events, version } = await journal.readStream(stream);
  return { state: replay(decider, events as unknown as readonly E[]), version };
};

/** A command decided on the stream as read: the events to append, and the version to append them at. */
export interface Decision<S, E> {
  readonly state: S;
  readonly version: number;
  readonly events: readonly E[];
  readonly expected: ExpectedStreamVersion;
}

/** Reads and folds the stream, then decides the command on it. */
export const decideOn = async <S, C extends Command, E extends Event>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  stream: string,
  command: C,
): Promise<Decision<S, E>> => {
  const { state, version } = await loadState(journal, decider, stream);
  const events = decider.decide(command, state);
  return { state, version, events, expected: version === NO_STREAM_VERSION ? 'no_stream' : version };
};

export interface HandledCommand<S, E> {
  /** The events appended (none when the decision was that nothing needs to happen). */
  readonly events: readonly E[];
  /** The state after them. */
  readonly state: S;
  readonly nextExpectedVersion: number;
}

/**
 * Handles a command the event-sourced way: reads the stream, folds it, decides, and appends what
 * was decided at the version read. When another writer appended first (`VERSION_CONFLICT`), the
 * stream is read and the command decided again, up to `retries` times; a decision that throws
 * (a broken rule) is not retried.
 */
export const handleCommand = async <S, C extends Command, E extends LocusEvent>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  stream: string,
  command: C,
  retries = DEFAULT_COMMAND_RETRIES,
): Promise<HandledCommand<S, E>> => {
  for (let attempt = 0; ; attempt++) {
    const { state, version, events, expected } = await decideOn(journal, decider, stream, command);
    if (events.length === 0) return { events, state, nextExpectedVersion: version };
    try {
      const { nextExpectedVersion } = await journal.append(stream, events, expected);
      return { events, state: events.reduce(decider.evolve, state), nextExpectedVersion };
    } catch (error) {
      if (!isLocusError(error, 'VERSION_CONFLICT') || attempt >= retries) throw error;
    }
  }
};
