import type { Command, Decider, Event, LocusEvent } from '../../domain';
import { replay } from '../../domain';
import type { EventJournal } from '../../ports';

/** Replays a stream through its decider; the state idempotency decisions are made from. */
export const loadState = async <S, C extends Command, E extends Event>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  stream: string,
): Promise<S> => replay(decider, (await journal.readStream(stream)) as unknown as readonly E[]);

/**
 * Decides a command against a stream's current state and appends what was decided.
 * Returns the new events (none when the decision was that nothing needs to happen).
 */
export const decideAndAppend = async <S, C extends Command, E extends LocusEvent>(
  journal: EventJournal,
  decider: Decider<S, C, E>,
  stream: string,
  command: C,
): Promise<readonly E[]> => {
  const state = await loadState(journal, decider, stream);
  const events = decider.decide(command, state);
  if (events.length > 0) await journal.append(stream, events);
  return events;
};
