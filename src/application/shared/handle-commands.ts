import type { Command, Decider, Event, LocusEvent } from '../../domain';
import { type EventJournal, isLocusError, type StreamAppend } from '../../ports';
import { decideOn, handleCommand } from './handle-command';

/** A command for one stream. */
export interface StreamCommand<C> {
  readonly stream: string;
  readonly command: C;
}

/**
 * Handles one command per stream, each the event-sourced way (read, fold, decide, append at the
 * version read), and appends every decision in one commit when the journal can
 * (`appendAll`): the events are those that handling the commands one by one would append. When
 * another writer appended first to one of the streams, nothing of the commit was kept, and each
 * command is then handled on its own with {@link handleCommand}'s retries. A decision that throws
 * appends nothing.
 */
export const handleCommands = async <S, C extends Command, E extends LocusEvent>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  commands: readonly StreamCommand<C>[],
): Promise<void> => {
  if (journal.appendAll === undefined || commands.length < 2) {
    for (const { stream, command } of commands) await handleCommand(journal, decider, stream, command);
    return;
  }
  const appends: StreamAppend[] = [];
  for (const { stream, command } of commands) {
    const { events, expected } = await decideOn(
      journal,
      decider as Decider<S, C, E & Event>,
      stream,
      command,
    );
    if (events.length > 0) appends.push({ stream, events, expectedVersion: expected });
  }
  try {
    if (appends.length > 0) await journal.appendAll(appends);
  } catch (error) {
    if (!isLocusError(error, 'VERSION_CONFLICT')) throw error;
    for (const { stream, command } of commands) await handleCommand(journal, decider, stream, command);
  }
};
