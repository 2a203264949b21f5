import type { LocationRecord } from '../domain';
import type { LocationQueue, QuarantinedMessage } from '../ports';
import { eventually } from './eventually';
import type { LocationQueueFixture, LocationQueueOptions } from './location-queue-fixture';
import { aRecord, expectSameRecords } from './records';

const SHORT_LEASE_MS = 1_000;
const LONG_LEASE_MS = 60_000;
const DEADLINE = { timeoutMs: 15_000, intervalMs: 100 };
const MAX_RECEIVES = 2;

/**
 * What every {@link LocationQueue} shows of its quarantine: messages set aside are listed with
 * why, without coordinates, and a redrive brings the readable ones back intact; the unreadable
 * ones stay.
 */
export const describeQuarantineContract = (
  adapterName: string,
  createFixture: (options?: LocationQueueOptions) => Promise<LocationQueueFixture>,
): void => {
  describe(`${adapterName} (LocationQueue quarantine contract)`, () => {
    let fixture: LocationQueueFixture;
    let queue: LocationQueue;

    const open = async (options?: LocationQueueOptions): Promise<void> => {
      fixture = await createFixture(options);
      queue = fixture.queue;
    };

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    const quarantineHolds = (count: number): Promise<readonly QuarantinedMessage[]> =>
      eventually(
        () => queue.quarantine(),
        (listed) => listed.length === count,
        DEADLINE,
      );

    /** Leases (and never acknowledges) until every message went past `maxReceives` and was set aside. */
    const exhaust = async (count: number): Promise<readonly QuarantinedMessage[]> =>
      eventually(
        async () => {
          await queue.lease(10, SHORT_LEASE_MS);
          await fixture.advanceTime(SHORT_LEASE_MS + 1);
          return queue.quarantine();
        },
        (listed) => listed.length === count,
        DEADLINE,
      );

    const leaseOne = async (): Promise<readonly LocationRecord[]> => {
      const [message] = await eventually(
        () => queue.lease(10, LONG_LEASE_MS),
        (leased) => leased.length > 0,
        DEADLINE,
      );
      await queue.acknowledge([message?.receipt ?? 'missing']);
      return message?.records ?? [];
    };

    it('lists nothing, redrives nothing and names the ids it does not hold', async () => {
      await open();
      expect(await queue.quarantine()).toEqual([]);
      expect(await queue.redrive()).toEqual({ redriven: [], records: 0, unreadable: [], notFound: [] });
      expect(await queue.redrive(['no-such-message'])).toEqual({
        redriven: [],
        records: 0,
        unreadable: [],
        notFound: ['no-such-message'],
      });
    });

    it('lists a message that cannot be read with its reason, masks its digits, and keeps it on redrive', async () => {
      await open();
      await fixture.sendText('not a record 35.681236,139.767125');
      expect(await queue.lease(10, LONG_LEASE_MS)).toEqual([]);
      const [listed] = await quarantineHolds(1);
      expect(listed?.records).toBeNull();
      expect(listed?.reason).not.toBe('');
      expect(listed?.preview).toContain('not a record');
      expect(listed?.preview).not.toMatch(/[0-9]/);
      expect(listed?.quarantinedAt).toBeGreaterThan(Date.UTC(2020, 0, 1));
      const outcome = await queue.redrive();
      expect(outcome.redriven).toEqual([]);
      expect(outcome.unreadable.map((message) => message.id)).toEqual([listed?.id]);
      expect((await queue.quarantine()).map((message) => message.id)).toEqual([listed?.id]);
      expect((await queue.depth()).quarantined).toBe(1);
    });

    it('sets aside a message leased too often, and a redrive brings its records back intact', async () => {
      await open({ maxReceives: MAX_RECEIVES });
      const records = [
        aRecord({ deviceId: 'phone-7', latitude: 35.681236, longitude: 139.767125 }),
        aRecord({ deviceId: 'phone-8', latitude: 35.681236 }),
      ];
      await queue.enqueue(records);
      const [listed] = await exhaust(1);
      expect(listed?.records).toBe(2);
      expect(listed?.reason).not.toBe('');
      expect(listed?.preview).toContain('phone-7');
      expect(listed?.preview).not.toContain('35.68');
      expect(listed?.preview).not.toContain('139.76');

      const outcome = await queue.redrive();
      expect(outcome).toEqual({ redriven: [listed?.id], records: 2, unreadable: [], notFound: [] });
      expect(await queue.quarantine()).toEqual([]);
      expectSameRecords(await leaseOne(), records);
      await eventually(
        () => queue.depth(),
        (depth) => depth.ready + depth.leased + depth.quarantined === 0,
        DEADLINE,
      );
    });

    it('redrives only the ids it is given', async () => {
      await open({ maxReceives: MAX_RECEIVES });
      await queue.enqueue([aRecord({ deviceId: 'first' })]);
      await queue.enqueue([aRecord({ deviceId: 'second' })]);
      const listed = await exhaust(2);
      const first = listed.find((message) => message.preview.startsWith('first')) as QuarantinedMessage;
      const second = listed.find((message) => message.preview.startsWith('second')) as QuarantinedMessage;
      const outcome = await queue.redrive([first.id, 'no-such-message']);
      expect(outcome).toEqual({
        redriven: [first.id],
        records: 1,
        unreadable: [],
        notFound: ['no-such-message'],
      });
      expect((await queue.quarantine()).map((message) => message.id)).toEqual([second.id]);
      expect((await leaseOne()).map((record) => record.deviceId)).toEqual(['first']);
    });
  });
};
