import type { CalendarDate } from '../location/record-date';
import type { Event } from '../shared/decider';

/** Where a purge looked and how many of the device's records it removed from each place. */
export interface PurgeCounts {
  /** Records taken out of queued messages. */
  readonly queue: number;
  /** Records taken out of pending batches (`work/`) and kept batches (`archive/work/`). */
  readonly batches: number;
  /** Records taken out of the date partitions (`storage/`). */
  readonly partitions: number;
  /** Rows taken out of published reports (`download/`). */
  readonly reports: number;
  /** Refused items of tracking apps' messages taken out of `rejected/` (absent in older events). */
  readonly rejected?: number;
}

/**
 * A device's records were erased (a privacy request, or the retention limit): every copy the
 * stores held when the purge ran is gone, and the reports it touched were rewritten.
 */
export type DeviceRecordsPurged = Event<
  'DeviceRecordsPurged',
  {
    readonly purgeId: string;
    /** The device whose records were erased; `null` for a retention purge (every device). */
    readonly deviceId: string | null;
    /** Only records whose date (in the configured zone) is before this one; `null` for all. */
    readonly before: CalendarDate | null;
    readonly reason: 'request' | 'retention';
    readonly removed: PurgeCounts;
    /** The dates whose partitions or reports were rewritten. */
    readonly dates: readonly CalendarDate[];
    readonly purgedAt: number;
  }
>;

/** The journal stream of erasures (one stream, so that `locus status` and audits can list them). */
export const PURGE_STREAM = 'purge';
