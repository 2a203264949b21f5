import { createLocationRecord, type LocationRecord } from '../../src/domain';

/** A day of traffic as the benchmarks send it. */
export interface DayPlan {
  /** Distinct records of the day. */
  readonly records: number;
  /** Store runs the day is cut into (288 = every 5 minutes). */
  readonly batches: number;
  /** Start of the day, epoch ms (UTC midnight). */
  readonly day: number;
}

/** Every this many records, one is sent again in the next batch (a device resending on a timeout). */
const RESEND_NEXT_BATCH = 97;
/** Every this many records, one is sent twice within its own batch. */
const RESEND_SAME_BATCH = 101;
const DEVICES = 20_000;

/**
 * `count` distinct records of the day starting at `day` (UTC midnight), as the memory-profile and
 * SQS benchmarks send them: 20,000 devices (`device-<n>`), times spread evenly over the day, no
 * altitude nor heading.
 */
export const simpleDayRecords = (count: number, day: number): LocationRecord[] => {
  const records: LocationRecord[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const recordedAt = day + Math.floor((i / count) * 86_400_000);
    records[i] = createLocationRecord(
      {
        deviceId: `device-${i % DEVICES}`,
        recordedAt,
        latitude: 35 + (i % 1000) / 1000,
        longitude: 139 + (i % 777) / 1000,
        accuracy: (i % 50) + 0.5,
        altitude: null,
        speed: i % 3 === 0 ? 1.5 : null,
        heading: null,
      },
      recordedAt + 2_000,
    );
  }
  return records;
};

/** The i-th distinct record of the day: 20,000 devices, times spread evenly over the day. */
export const dayRecord = (plan: DayPlan, i: number): LocationRecord => {
  const recordedAt = plan.day + Math.floor((i / plan.records) * 86_400_000);
  return createLocationRecord(
    {
      deviceId: `device-${String(i % DEVICES).padStart(5, '0')}`,
      recordedAt,
      latitude: 35 + (i % 1000) / 1000,
      longitude: 139 + (i % 777) / 1000,
      accuracy: (i % 50) + 0.5,
      altitude: i % 5 === 0 ? 40.25 : null,
      speed: i % 3 === 0 ? 1.5 : null,
      heading: i % 7 === 0 ? 270 : null,
    },
    recordedAt + 2_000,
  );
};

/** The same record received again later (same id, later `receivedAt`). */
const resent = (record: LocationRecord, afterMs: number): LocationRecord => ({
  ...record,
  receivedAt: record.receivedAt + afterMs,
});

/**
 * The day's batches in order, made one at a time (a day of 24M records is never held whole):
 * batch `b` holds its share of the distinct records, about 1 % of them sent twice within the
 * batch, and about 1 % of the previous batch's records sent again (the last batch keeps its own).
 */
export function* dayBatches(plan: DayPlan): Generator<LocationRecord[]> {
  const perBatch = Math.ceil(plan.records / plan.batches);
  let carried: LocationRecord[] = [];
  for (let b = 0; b < plan.batches; b++) {
    const from = b * perBatch;
    const to = Math.min(plan.records, from + perBatch);
    const batch: LocationRecord[] = carried;
    carried = [];
    for (let i = from; i < to; i++) {
      const record = dayRecord(plan, i);
      batch.push(record);
      if (i % RESEND_SAME_BATCH === 0) batch.push(resent(record, 1_000));
      if (i % RESEND_NEXT_BATCH === 0) {
        if (b === plan.batches - 1) batch.push(resent(record, 300_000));
        else carried.push(resent(record, 300_000));
      }
    }
    yield batch;
  }
}

/** How many records {@link dayBatches} sends in all (distinct plus repeated). */
export const recordsSent = (plan: DayPlan): number => {
  const sameBatch = Math.ceil(plan.records / RESEND_SAME_BATCH);
  const nextBatch = Math.ceil(plan.records / RESEND_NEXT_BATCH);
  return plan.records + sameBatch + nextBatch;
};
