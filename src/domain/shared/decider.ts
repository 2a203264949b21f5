/**
 * An event is a readonly `{ type, data }` pair whose type is a past-tense fact.
 */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/**
 * A command asks for something to happen; its time and ids are given by the caller,
 * never read from the environment, so every decision is a pure function.
 */
export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/**
 * A decider: the pure heart of one stream of events.
 * `decide` turns a command and the current state into new events (or throws a {@link DomainError});
 * `evolve` folds one event into the state.
 */
export interface Decider<State, C extends Command, E extends Event> {
  readonly initialState: () => State;
  readonly decide: (command: C, state: State) => readonly E[];
  readonly evolve: (state: State, event: E) => State;
}

/** Replays events into the state they lead to. */
export const replay = <State, C extends Command, E extends Event>(
  decider: Decider<State, C, E>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());

/** A rule of the domain was broken; `code` names which one. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
