interface Waiting<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** How long the first item of a group waits for others before the group is committed; 0: until the next turn of the event loop. */
  readonly flushIntervalMs: number;
  /** A group is committed as soon as possible when it holds this many items... */
  readonly maxItems: number;
  /** ...or this much weight (e.g. characters). */
  readonly maxWeight: number;
  /**
   * After a commit, how long (ms) the next group may wait for as many items as were waiting plus
   * those just committed (their callers, answered, send their next ones): 1 by default, 0 commits
   * the waiting items at once.
   */
  readonly gatherMs?: number;
}

/**
 * Group commit: the items added within a short window are committed together by one `commit`
 * call (one transaction, one fsync); each `add` resolves only after the commit holding its item
 * succeeded, and every `add` of a failed group is rejected with `fail(error)`. One commit runs at
 * a time; the items that arrive meanwhile form the next group, committed as soon as the running
 * one ends (under load, groups follow each other back to back and the window only applies when
 * the committer was idle). Callers that wait for their commit before adding again (a client
 * answered only once its item is durable) would split into two halves committed in turn, each
 * group half of them; so after a commit the next group waits, `gatherMs` at most, until it holds
 * as many items as the commit just ended and the waiting ones together, or is full.
 */
export class GroupCommit<T> {
  private group: Waiting<T>[] = [];
  private weight = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  /** While set, the group waits for {@link expected} items (or the timer) after a commit. */
  private gathering: NodeJS.Timeout | undefined;
  private expected = 0;

  constructor(
    private readonly commit: (items: readonly T[]) => Promise<void>,
    private readonly fail: (error: unknown) => Error,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Adds an item to the open group; resolves once the group is committed. */
  add(item: T, weight: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.group.push({ item, resolve, reject });
      this.weight += weight;
      // An item waits for the gathering's end: that timer now keeps the process alive.
      this.gathering?.ref();
      if (this.isFull() || (this.gathering !== undefined && this.group.length >= this.expected)) this.flush();
      else if (this.running === undefined && this.gathering === undefined) this.timer ??= this.schedule();
    });
  }

  /** Items waiting in the open group. */
  get pending(): number {
    return this.group.length;
  }

  /** Commits the open group as soon as no other commit runs. */
  flush(): void {
    this.cancelTimer();
    if (this.gathering !== undefined) clearTimeout(this.gathering);
    this.gathering = undefined;
    if (this.group.length === 0) return;
    if (this.running !== undefined) return;
    const group = this.group;
    this.group = [];
    this.weight = 0;
    this.running = this.run(group);
  }

  /** Commits everything added so far and waits until no commit runs. */
  async drain(): Promise<void> {
    while (this.running !== undefined || this.group.length > 0) {
      this.flush();
      await this.running;
    }
  }

  private async run(group: readonly Waiting<T>[]): Promise<void> {
    // Nothing settles before `flush` has kept this run as `running`: a commit that throws at once
    // (the database cannot be opened) would otherwise clear `running` first and leave it set for
    // good, and every later add (and `drain`) would wait forever.
    await Promise.resolve();
    try {
      await this.commit(group.map((waiting) => waiting.item));
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      const failure = this.fail(error);
      for (const waiting of group) waiting.reject(failure);
    }
    this.running = undefined;
    this.gather(group.length);
  }

  /** Commits the open group once it holds `committed` more items than now, or after `gatherMs`. */
  private gather(committed: number): void {
    const gatherMs = this.options.gatherMs ?? 1;
    this.expected = Math.min(this.group.length + committed, this.options.maxItems);
    if (gatherMs <= 0 || this.group.length >= this.expected || this.isFull()) {
      this.flush();
      return;
    }
    this.cancelTimer();
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.flush();
    }, gatherMs);
    // Nothing waits yet: a process with nothing else to do ends without waiting for the gathering.
    if (this.group.length === 0) this.gathering.unref();
  }

  /** The open group's flush: after the window, or once the current I/O events are handled when it is 0. */
  private schedule(): NodeJS.Timeout | NodeJS.Immediate {
    const flush = () => {
      this.timer = undefined;
      this.flush();
    };
    return this.options.flushIntervalMs > 0
      ? setTimeout(flush, this.options.flushIntervalMs)
      : setImmediate(flush);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    if (this.options.flushIntervalMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = undefined;
  }

  private isFull(): boolean {
    return this.group.length >= this.options.maxItems || this.weight >= this.options.maxWeight;
  }
}
