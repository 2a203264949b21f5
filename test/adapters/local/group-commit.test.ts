import { execFile } from 'node:child_process';
import path from 'node:path';
import { GroupCommit, type GroupCommitOptions } from '../../../src/adapters/local/group-commit';
import { eventually } from '../../support/eventually';

const failure = (error: unknown) => new Error(`failed: ${(error as Error).message}`);

/** A commit function whose calls are recorded and end only when the test says so. */
const controlledCommits = () => {
  const calls: { items: string[]; finish: (error?: Error) => void }[] = [];
  const commit = (items: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items: [...items], finish: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  return { calls, commit };
};

const WIDE: GroupCommitOptions = { flushIntervalMs: 5, maxItems: 1_000, maxWeight: 1_000_000 };

describe('GroupCommit', () => {
  it('commits the items added within the window in one call, then resolves them all', async () => {
    const commits: string[][] = [];
    const group = new GroupCommit<string>(
      async (items) => {
        commits.push([...items]);
      },
      failure,
      WIDE,
    );
    const items = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await Promise.all(items.map((item) => group.add(item, 1)));
    expect(commits).toEqual([items]);
  });

  it('resolves an item only after the commit holding it has ended', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, WIDE);
    let resolved = false;
    const added = group.add('x', 1).then(() => {
      resolved = true;
    });
    await eventually(
      async () => calls.length,
      (n) => n === 1,
    );
    await Promise.resolve();
    expect(resolved).toBe(false);
    calls[0]?.finish();
    await added;
    expect(resolved).toBe(true);
  });

  it('runs one commit at a time; items added meanwhile form the next group', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, { ...WIDE, flushIntervalMs: 1 });
    const first = group.add('a', 1);
    await eventually(
      async () => calls.length,
      (n) => n === 1,
    );
    const later = [group.add('b', 1), group.add('c', 1)];
    group.flush();
    expect(calls).toHaveLength(1);
    expect(group.pending).toBe(2);
    calls[0]?.finish();
    await first;
    await eventually(
      async () => calls.length,
      (n) => n === 2,
    );
    expect(calls[1]?.items).toEqual(['b', 'c']);
    calls[1]?.finish();
    await Promise.all(later);
  });

  it('with a window of 0 commits once the current events are handled, the items added meanwhile next', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, { ...WIDE, flushIntervalMs: 0 });
    const first = ['a', 'b', 'c'].map((item) => group.add(item, 1));
    expect(calls).toHaveLength(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls.map((call) => call.items)).toEqual([['a', 'b', 'c']]);
    const second = [group.add('d', 1), group.add('e', 1)];
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    calls[0]?.finish();
    await Promise.all(first);
    await eventually(
      async () => calls.length,
      (n) => n === 2,
    );
    expect(calls[1]?.items).toEqual(['d', 'e']);
    calls[1]?.finish();
    await Promise.all(second);
  });

  it('commits at once when the group is full by count or by weight', async () => {
    const commits: number[] = [];
    const group = new GroupCommit<string>(
      async (items) => {
        commits.push(items.length);
      },
      failure,
      { flushIntervalMs: 60_000, maxItems: 3, maxWeight: 100 },
    );
    await Promise.all(['a', 'b', 'c'].map((item) => group.add(item, 1)));
    await Promise.all([group.add('heavy', 60), group.add('heavier', 60)]);
    expect(commits).toEqual([3, 2]);
    expect(group.pending).toBe(0);
  });

  it('rejects every item of a failed group with the translated error, and later groups go on', async () => {
    let fail = true;
    const commits: string[][] = [];
    const group = new GroupCommit<string>(
      async (items) => {
        if (fail) throw new Error('disk full');
        commits.push([...items]);
      },
      failure,
      { flushIntervalMs: 2, maxItems: 100, maxWeight: 1_000 },
    );
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((item) => group.add(item, 1)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'ok'))).toEqual([
      'failed: disk full',
      'failed: disk full',
      'failed: disk full',
    ]);
    fail = false;
    await group.add('d', 1);
    expect(commits).toEqual([['d']]);
  });

  it('drains: commits what is waiting without waiting for the window', async () => {
    const commits: string[][] = [];
    const group = new GroupCommit<string>(
      async (items) => {
        commits.push([...items]);
      },
      failure,
      { ...WIDE, flushIntervalMs: 60_000 },
    );
    const added = group.add('late', 1);
    await group.drain();
    await added;
    expect(commits).toEqual([['late']]);
  });

  it('after a commit, gathers the callers just answered into one group with those waiting', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, { ...WIDE, flushIntervalMs: 0, gatherMs: 60_000 });
    // Four callers, each adding again once its item is committed: two in the first commit, two waiting.
    const caller = async (name: string): Promise<void> => {
      await group.add(`${name}1`, 1);
      await group.add(`${name}2`, 1);
    };
    const first = [caller('a'), caller('b')];
    await eventually(
      async () => calls.length,
      (n) => n === 1,
    );
    const waiting = [caller('c'), caller('d')];
    calls[0]?.finish();
    // Not c1, d1 alone: the group waits for a2 and b2 (the window is a minute: no timer ends it).
    await eventually(
      async () => calls.length,
      (n) => n === 2,
    );
    expect(calls[1]?.items).toEqual(['c1', 'd1', 'a2', 'b2']);
    calls[1]?.finish();
    await Promise.all(first);
    // a and b are done: c2 and d2 wait for them still (the window's end, here a flush).
    await eventually(
      async () => group.pending,
      (n) => n === 2,
    );
    expect(calls).toHaveLength(2);
    group.flush();
    await eventually(
      async () => calls.length,
      (n) => n === 3,
    );
    expect(calls[2]?.items).toEqual(['c2', 'd2']);
    calls[2]?.finish();
    await Promise.all(waiting);
  });

  it('gathers for gatherMs at most: callers that do not come back delay the next group that long only', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, { ...WIDE, flushIntervalMs: 0, gatherMs: 5 });
    const first = [group.add('a', 1), group.add('b', 1)];
    await eventually(
      async () => calls.length,
      (n) => n === 1,
    );
    const second = group.add('c', 1);
    calls[0]?.finish();
    await Promise.all(first);
    expect(calls).toHaveLength(1);
    await eventually(
      async () => calls.length,
      (n) => n === 2,
    );
    expect(calls[1]?.items).toEqual(['c']);
    calls[1]?.finish();
    await second;
  });

  it('with gatherMs 0 commits the waiting items as soon as the running commit ends', async () => {
    const { calls, commit } = controlledCommits();
    const group = new GroupCommit<string>(commit, failure, { ...WIDE, flushIntervalMs: 0, gatherMs: 0 });
    const first = group.add('a', 1);
    await eventually(
      async () => calls.length,
      (n) => n === 1,
    );
    const second = group.add('b', 1);
    calls[0]?.finish();
    await first;
    await Promise.resolve();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b']]);
    calls[1]?.finish();
    await second;
  });

  /**
   * A Node process running `program` with the built GroupCommit (a group that gathers for a
   * minute after each commit); what it printed and how long it ran.
   */
  const runProcess = (program: string): Promise<{ out: string; ms: number }> => {
    const module = path.resolve(__dirname, '../../../dist/adapters/local/group-commit.js');
    const started = Date.now();
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ['-e', `const { GroupCommit } = require(${JSON.stringify(module)});\n${program}`],
        { timeout: 30_000 },
        (error, out) => (error ? reject(error) : resolve({ out, ms: Date.now() - started })),
      );
    });
  };
  const GATHERING = `const group = new GroupCommit(async (items) => console.log('committed', items.join()),
    (error) => error, { flushIntervalMs: 0, maxItems: 100, maxWeight: 1e9, gatherMs: 60_000 });`;

  it('does not keep an idle process alive while it gathers, but commits what was added meanwhile', async () => {
    const idle = await runProcess(`${GATHERING} group.add('a', 1);`);
    expect(idle.out).toBe('committed a\n');
    expect(idle.ms).toBeLessThan(20_000);
    // Added while the group gathers: the process waits for the gathering's end and commits it.
    // (Two items in the first group: the next one waits for two, or for the gathering's end.)
    const waiting = await runProcess(`${GATHERING}
      Promise.all([group.add('a', 1), group.add('x', 1)]).then(() => group.add('b', 1));
      setTimeout(() => group.flush(), 300).unref();`);
    expect(waiting.out).toBe('committed a,x\ncommitted b\n');
  }, 60_000);
});
