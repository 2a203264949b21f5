import { calendarDate, type LocationRecord } from '../domain';
import type { LeasedMessage, LocationQueue, QueueDepth } from '../ports';
import { eventually } from './eventually';
import type { LocationQueueFixture, LocationQueueOptions } from './location-queue-fixture';
import { describeQuarantineContract } from './location-queue-quarantine.contract';
import { aRecord, awkwardRecords, expectSameRecords, someRecords } from './records';

export type { LocationQueueFixture, LocationQueueOptions } from './location-queue-fixture';

const LONG_LEASE_MS = 60_000;
const SHORT_LEASE_MS = 1_000;
const DEADLINE = { timeoutMs: 15_000, intervalMs: 100 };

const byId = (records: readonly LocationRecord[]): LocationRecord[] =>
  [...records].sort((a, b) =>
    a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : a.receivedAt - b.receivedAt,
  );

/**
 * The behaviour every {@link LocationQueue} adapter shows through the port: what is enqueued is
 * handed out intact under a lease, again after the lease expires, and never after acknowledgement.
 */
export const describeLocationQueueContract = (
  adapterName: string,
  createFixture: (options?: LocationQueueOptions) => Promise<LocationQueueFixture>,
): void => {
  describeQuarantineContract(adapterName, createFixture);
  describe(`${adapterName} (LocationQueue contract)`, () => {
    let fixture: LocationQueueFixture;
    let queue: LocationQueue;

    beforeEach(async () => {
      fixture = await createFixture();
      queue = fixture.queue;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    /** Leases until `count` messages are held, checking every answer respects `maxMessages`. */
    const leaseUntil = async (
      count: number,
      maxMessages = 10,
      leaseMs = LONG_LEASE_MS,
    ): Promise<LeasedMessage[]> => {
      const held: LeasedMessage[] = [];
      const deadline = Date.now() + DEADLINE.timeoutMs;
      while (held.length < count) {
        const batch = await queue.lease(maxMessages, leaseMs);
        expect(batch.length).toBeLessThanOrEqual(maxMessages);
        held.push(...batch);
        if (batch.length > 0) continue;
        if (Date.now() > deadline)
          throw new Error(`only ${held.length} of ${count} messages were handed out`);
        await new Promise((resolve) => setTimeout(resolve, DEADLINE.intervalMs));
      }
      return held;
    };

    const depthBecomes = (expected: QueueDepth): Promise<QueueDepth> =>
      eventually(
        () => queue.depth(),
        (d) =>
          d.ready === expected.ready &&
          d.leased === expected.leased &&
          d.quarantined === expected.quarantined,
        DEADLINE,
      );

    it('hands out nothing and counts nothing when empty', async () => {
      expect(await queue.lease(10, LONG_LEASE_MS)).toEqual([]);
      expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
    });

    it('hands out an enqueued message with its records intact and in order', async () => {
      const records = [
        aRecord({ deviceId: 'phone-1', accuracy: null }),
        aRecord({ deviceId: 'phone-2', altitude: -12.5, speed: 3.25, heading: 359.9 }),
        aRecord({ deviceId: 'phone-1', latitude: -90, longitude: 180, recordedAt: Date.UTC(2025, 0, 1) + 1 }),
      ];
      await queue.enqueue(records);
      const [message, ...rest] = await leaseUntil(1);
      expect(rest).toEqual([]);
      expectSameRecords(message?.records, records);
      expect(typeof message?.receipt).toBe('string');
      expect(message?.receipt.length).toBeGreaterThan(0);
    });

    it('keeps awkward device ids (commas, quotes, line breaks, non-ASCII) and null fields intact', async () => {
      const records = awkwardRecords();
      await queue.enqueue(records);
      const [message] = await leaseUntil(1);
      expectSameRecords(message?.records, records);
    });

    it('carries a request of 1,000 records as one message', async () => {
      const records = someRecords(1_000, 7);
      await queue.enqueue(records);
      const [message, ...rest] = await leaseUntil(1);
      expect(rest).toEqual([]);
      expectSameRecords(message?.records, records);
    });

    it('keeps repeated records of one request as they were sent', async () => {
      const record = aRecord();
      await queue.enqueue([record, record]);
      const [message] = await leaseUntil(1);
      expectSameRecords(message?.records, [record, record]);
    });

    it('is not affected by changes made to the enqueued or leased records', async () => {
      const records = [aRecord({ deviceId: 'first' }), aRecord({ deviceId: 'second' })];
      const expected = records.map((r) => ({ ...r }));
      await queue.enqueue(records);
      (records[0] as { deviceId: string }).deviceId = 'changed';
      records.length = 0;
      const [first] = await leaseUntil(1, 10, SHORT_LEASE_MS);
      expectSameRecords(first?.records, expected);
      (first?.records[1] as { deviceId: string }).deviceId = 'changed';
      await fixture.advanceTime(SHORT_LEASE_MS + 1);
      const [second] = await leaseUntil(1);
      expectSameRecords(second?.records, expected);
    });

    it('does not hand out a leased message again while its lease lasts', async () => {
      await queue.enqueue([aRecord()]);
      await leaseUntil(1);
      expect(await queue.lease(10, LONG_LEASE_MS)).toEqual([]);
      await fixture.advanceTime(LONG_LEASE_MS / 2);
      expect(await queue.lease(10, LONG_LEASE_MS)).toEqual([]);
    });

    it('hands out at most maxMessages per lease, and each message once', async () => {
      const sent = [1, 2, 3, 4, 5].map((i) => [aRecord({ deviceId: `phone-${i}` })]);
      for (const records of sent) await queue.enqueue(records);
      const held = await leaseUntil(5, 2);
      expect(held).toHaveLength(5);
      expect(new Set(held.map((m) => m.receipt)).size).toBe(5);
      expect(byId(held.flatMap((m) => m.records))).toEqual(byId(sent.flat()));
      expect(await queue.lease(2, LONG_LEASE_MS)).toEqual([]);
    });

    it('counts ready and leased messages', async () => {
      await queue.enqueue([aRecord({ deviceId: 'a' })]);
      await queue.enqueue([aRecord({ deviceId: 'b' })]);
      await queue.enqueue([aRecord({ deviceId: 'c' })]);
      await depthBecomes({ ready: 3, leased: 0, quarantined: 0 });
      await leaseUntil(1, 1);
      await depthBecomes({ ready: 2, leased: 1, quarantined: 0 });
    });

    it('removes acknowledged messages for good', async () => {
      await queue.enqueue([aRecord({ deviceId: 'a' })]);
      await queue.enqueue([aRecord({ deviceId: 'b' })]);
      const held = await leaseUntil(2, 10, SHORT_LEASE_MS);
      await queue.acknowledge(held.map((m) => m.receipt));
      await depthBecomes({ ready: 0, leased: 0, quarantined: 0 });
      await fixture.advanceTime(SHORT_LEASE_MS + 1);
      expect(await queue.lease(10, LONG_LEASE_MS)).toEqual([]);
    });

    it('acknowledges only the messages whose receipts are given', async () => {
      await queue.enqueue([aRecord({ deviceId: 'kept' })]);
      await queue.enqueue([aRecord({ deviceId: 'gone' })]);
      const held = await leaseUntil(2);
      const gone = held.find((m) => m.records[0]?.deviceId === 'gone');
      await queue.acknowledge([gone?.receipt ?? 'missing']);
      await depthBecomes({ ready: 0, leased: 1, quarantined: 0 });
    });

    it('hands a message out again once its lease expires without acknowledgement', async () => {
      const records = [aRecord({ deviceId: 'again' }), aRecord({ deviceId: 'again', latitude: 1 })];
      await queue.enqueue(records);
      const [first] = await leaseUntil(1, 10, SHORT_LEASE_MS);
      expectSameRecords(first?.records, records);
      await fixture.advanceTime(SHORT_LEASE_MS + 1);
      const [second, ...rest] = await leaseUntil(1);
      expect(rest).toEqual([]);
      expectSameRecords(second?.records, records);
      await queue.acknowledge([second?.receipt ?? 'missing']);
      await depthBecomes({ ready: 0, leased: 0, quarantined: 0 });
    });

    it('ignores empty, unknown and repeated acknowledgements', async () => {
      await queue.acknowledge([]);
      await queue.acknowledge(['no-such-receipt']);
      await queue.enqueue([aRecord({ deviceId: 'acked' })]);
      await queue.enqueue([aRecord({ deviceId: 'waiting' })]);
      const [message] = await leaseUntil(1, 1);
      await queue.acknowledge([message?.receipt ?? 'missing']);
      await queue.acknowledge([message?.receipt ?? 'missing', 'no-such-receipt']);
      await depthBecomes({ ready: 1, leased: 0, quarantined: 0 });
      const [left] = await leaseUntil(1);
      expect(left?.records[0]?.deviceId).not.toBe(message?.records[0]?.deviceId);
    });

    it('acknowledges receipts of several leases given in one call, in any order, some twice', async () => {
      for (const deviceId of ['a', 'b', 'c', 'd', 'e']) await queue.enqueue([aRecord({ deviceId })]);
      const first = await leaseUntil(2, 2);
      const second = await leaseUntil(2, 2);
      const receipts = [...first, ...second].map((message) => message.receipt);
      const [a, b, c, d] = receipts as [string, string, string, string];
      await queue.acknowledge([c, a, c, d, b, a]);
      await depthBecomes({ ready: 1, leased: 0, quarantined: 0 });
      const [left] = await leaseUntil(1);
      const acknowledged = [...first, ...second].map((message) => message.records[0]?.deviceId);
      expect(acknowledged).not.toContain(left?.records[0]?.deviceId);
    });

    /** Leases until `count` records are held (an adapter may pack several requests into one message). */
    const leaseRecords = async (count: number): Promise<LeasedMessage[]> => {
      const held: LeasedMessage[] = [];
      while (held.reduce((n, m) => n + m.records.length, 0) < count) {
        held.push(...(await leaseUntil(1)));
      }
      return held;
    };

    it('keeps every record of concurrent enqueues, each once, in at most one message per request', async () => {
      const sent = Array.from({ length: 10 }, (_, i) => someRecords(2, 100 + i));
      await Promise.all(sent.map((records) => queue.enqueue(records)));
      const held = await leaseRecords(20);
      expect(held.length).toBeLessThanOrEqual(10);
      expect(byId(held.flatMap((m) => m.records))).toEqual(byId(sent.flat()));
      await depthBecomes({ ready: 0, leased: held.length, quarantined: 0 });
    });

    it('keeps the records of concurrent requests of several dates apart under one acknowledgement each', async () => {
      const dates = ['2026-11-27', '2026-11-28', '2026-11-29'].map(calendarDate);
      const sent = Array.from({ length: 12 }, (_, i) => someRecords(3, 200 + i, { date: dates[i % 3] }));
      await Promise.all(sent.map((records) => queue.enqueue(records)));
      const held = await leaseRecords(36);
      expect(byId(held.flatMap((m) => m.records))).toEqual(byId(sent.flat()));
      const [first, ...rest] = held;
      await queue.acknowledge([first?.receipt as string]);
      await depthBecomes({ ready: 0, leased: rest.length, quarantined: 0 });
      await queue.acknowledge(rest.map((m) => m.receipt));
      await depthBecomes({ ready: 0, leased: 0, quarantined: 0 });
    });
  });
};
