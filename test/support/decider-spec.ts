import type { Command, Decider, Event } from '../../src/domain';

/**
 * given(events).when(command).then(events): the decider's state is built from the given events,
 * the command is decided, and the new events (or the error) are compared.
 */
export const DeciderSpecification = {
  for: <S, C extends Command, E extends Event>(decider: Decider<S, C, E>) => ({
    given: (events: readonly E[]) => ({
      when: (command: C) => {
        const decide = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          // biome-ignore lint/suspicious/noThenProperty: given/when/then is the specification's vocabulary; the object is never awaited.
          then: (expected: readonly E[]) => expect(decide()).toEqual(expected),
          thenNothingHappens: () => expect(decide()).toEqual([]),
          thenThrows: (code: string) => expect(decide).toThrow(expect.objectContaining({ code })),
        };
      },
    }),
  }),
};
