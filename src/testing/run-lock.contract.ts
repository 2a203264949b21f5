import { hostname } from 'node:os';
import type { RunLock } from '../ports';
import { eventually } from './eventually';

export interface RunLockFixture {
  lock: RunLock;
  /** Moves the adapter's clock forward; a no-op for adapters on a real clock. */
  advanceTime(ms: number): void | Promise<void>;
  teardown?(): Promise<void>;
}

const LONG_TTL_MS = 60_000;
const SHORT_TTL_MS = 1_000;
const DEADLINE = { timeoutMs: 15_000, intervalMs: 100 };

/**
 * The behaviour every {@link RunLock} adapter shows through the port: one live holder per name,
 * leases that expire unless renewed, and renewal refused once another holder took over.
 */
export const describeRunLockContract = (
  adapterName: string,
  createFixture: () => Promise<RunLockFixture>,
): void => {
  describe(`${adapterName} (RunLock contract)`, () => {
    let fixture: RunLockFixture;
    let lock: RunLock;

    beforeEach(async () => {
      fixture = await createFixture();
      lock = fixture.lock;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    /** Waits until `holder` takes the lock (it expires on a real clock only with time). */
    const takeOverEventually = (name: string, holder: string): Promise<boolean> =>
      eventually(
        () => lock.acquire(name, holder, LONG_TTL_MS),
        (taken) => taken,
        DEADLINE,
      );

    it('gives a free lock to the first holder', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
    });

    it('refuses a second holder while the lease is live', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
      await fixture.advanceTime(LONG_TTL_MS / 2);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
    });

    it('tells who holds a lock: the run, this host and process, since when and until when', async () => {
      expect(await lock.holderOf('partition')).toBeUndefined();
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      const held = await lock.holderOf('partition');
      expect(held).toEqual({
        holder: 'run-1',
        host: hostname(),
        pid: process.pid,
        since: expect.any(Number),
        expiresAt: expect.any(Number),
      });
      expect((held?.expiresAt ?? 0) - (held?.since ?? 0)).toBeGreaterThanOrEqual(LONG_TTL_MS - 1_000);
      expect(await lock.renew('partition', 'run-1', LONG_TTL_MS * 2)).toBe(true);
      expect((await lock.holderOf('partition'))?.since).toBe(held?.since);
      await lock.release('partition', 'run-1');
      expect(await lock.holderOf('partition')).toBeUndefined();
    });

    it('lets the holder take its own lock again', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
    });

    it('keeps names apart', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('report', 'run-2', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('report', 'run-1', LONG_TTL_MS)).toBe(false);
    });

    it('gives the lock to another holder once the lease expires', async () => {
      expect(await lock.acquire('partition', 'run-1', SHORT_TTL_MS)).toBe(true);
      await fixture.advanceTime(SHORT_TTL_MS + 1);
      expect(await takeOverEventually('partition', 'run-2')).toBe(true);
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(false);
    });

    it('renews a held lease, which keeps other holders out for the new time to live', async () => {
      expect(await lock.acquire('partition', 'run-1', SHORT_TTL_MS * 10)).toBe(true);
      await fixture.advanceTime(SHORT_TTL_MS * 6);
      expect(await lock.renew('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      await fixture.advanceTime(SHORT_TTL_MS * 6);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
    });

    it('renews a lease that expired when nobody took the lock meanwhile', async () => {
      expect(await lock.acquire('partition', 'run-1', SHORT_TTL_MS)).toBe(true);
      await fixture.advanceTime(SHORT_TTL_MS + 1);
      expect(await lock.renew('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
    });

    it('refuses to renew a lease that another holder took over', async () => {
      expect(await lock.acquire('partition', 'run-1', SHORT_TTL_MS)).toBe(true);
      await fixture.advanceTime(SHORT_TTL_MS + 1);
      expect(await takeOverEventually('partition', 'run-2')).toBe(true);
      expect(await lock.renew('partition', 'run-1', LONG_TTL_MS)).toBe(false);
      expect(await lock.acquire('partition', 'run-3', LONG_TTL_MS)).toBe(false);
      expect(await lock.renew('partition', 'run-2', LONG_TTL_MS)).toBe(true);
    });

    it('refuses to renew a lock that was never taken by the holder', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      expect(await lock.renew('partition', 'run-2', LONG_TTL_MS)).toBe(false);
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
    });

    it('frees the lock at once when the holder releases it', async () => {
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      await lock.release('partition', 'run-1');
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(true);
    });

    it('changes nothing when a holder releases a lock it does not hold', async () => {
      await lock.release('partition', 'nobody');
      expect(await lock.acquire('partition', 'run-1', LONG_TTL_MS)).toBe(true);
      await lock.release('partition', 'run-2');
      expect(await lock.acquire('partition', 'run-2', LONG_TTL_MS)).toBe(false);
      expect(await lock.renew('partition', 'run-1', LONG_TTL_MS)).toBe(true);
    });

    it('gives a contended lock to exactly one of several concurrent holders', async () => {
      const holders = ['run-1', 'run-2', 'run-3', 'run-4', 'run-5'];
      const taken = await Promise.all(holders.map((holder) => lock.acquire('report', holder, LONG_TTL_MS)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      const winner = holders[taken.indexOf(true)] as string;
      expect(await lock.renew('report', winner, LONG_TTL_MS)).toBe(true);
    });
  });
};
