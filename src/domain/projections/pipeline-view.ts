import type { LocusEvent } from '../events';
import type { CalendarDate } from '../location/record-date';
import type { ReportRejected } from '../phases/report';

/** One batch as the journal knows it. */
export interface BatchView {
  readonly batchId: string;
  readonly recordCount: number;
  readonly byDate: Readonly<Record<CalendarDate, number>>;
  readonly storedAt: number;
  readonly partitioned: boolean;
  /** Why the batch was set aside unreadable (`null` unless it was). */
  readonly quarantined: string | null;
}

/** One date as the journal knows it: accepted → stored → partitioned → reported. */
export interface DateView {
  readonly date: CalendarDate;
  /** Records accepted over HTTP (resends included), as the servers counted them, and when last. */
  readonly accepted: number;
  readonly lastAcceptedAt: number | null;
  readonly partition: {
    readonly revision: number;
    readonly parts: number;
    readonly partCounts: readonly number[];
    readonly recordCount: number;
    readonly duplicatesDropped: number;
    readonly writtenAt: number | null;
  };
  readonly report: {
    readonly partitionRevision: number | null;
    readonly rowCount: number;
    readonly checksum: string | null;
    /** SHA-256 of the Parquet beside the CSV; `null` when none was published. */
    readonly parquetChecksum: string | null;
    readonly publishedAt: number | null;
    /** The last refused run, when it came after the last publication. */
    readonly rejected: ReportRejected['data'] | null;
  };
}

/** The read model of the whole pipeline, folded from the journal. */
export interface PipelineView {
  readonly batches: ReadonlyMap<string, BatchView>;
  readonly dates: ReadonlyMap<CalendarDate, DateView>;
  /** The latest store run that found the queue empty. */
  readonly lastDrain: { readonly startedAt: number; readonly drainedAt: number } | null;
}

export const emptyPipelineView = (): PipelineView => ({
  batches: new Map(),
  dates: new Map(),
  lastDrain: null,
});

const emptyDate = (date: CalendarDate): DateView => ({
  date,
  accepted: 0,
  lastAcceptedAt: null,
  partition: { revision: 0, parts: 0, partCounts: [], recordCount: 0, duplicatesDropped: 0, writtenAt: null },
  report: {
    partitionRevision: null,
    rowCount: 0,
    checksum: null,
    parquetChecksum: null,
    publishedAt: null,
    rejected: null,
  },
});

const withDate = (
  view: PipelineView,
  date: CalendarDate,
  change: (day: DateView) => DateView,
): PipelineView => {
  const dates = new Map(view.dates);
  dates.set(date, change(view.dates.get(date) ?? emptyDate(date)));
  return { ...view, dates };
};

const withBatch = (view: PipelineView, batch: BatchView): PipelineView => {
  const batches = new Map(view.batches);
  batches.set(batch.batchId, batch);
  return { ...view, batches };
};

/**
 * Folds one journalled event into the view. Streams are independent, so the view is the same
 * whatever order the streams are read in, as long as each stream is read in its own order.
 */
export const evolvePipelineView = (view: PipelineView, event: LocusEvent): PipelineView => {
  switch (event.type) {
    case 'LocationsAccepted': {
      let next = view;
      for (const [date, count] of Object.entries(event.data.byDate)) {
        next = withDate(next, date, (day) => ({
          ...day,
          accepted: day.accepted + count,
          lastAcceptedAt: Math.max(day.lastAcceptedAt ?? 0, event.data.acceptedAt),
        }));
      }
      return next;
    }
    case 'BatchStored': {
      const { batchId, recordCount, byDate, storedAt } = event.data;
      const known = view.batches.get(batchId);
      return withBatch(view, {
        batchId,
        recordCount,
        byDate,
        storedAt,
        partitioned: known?.partitioned ?? false,
        quarantined: known?.quarantined ?? null,
      });
    }
    case 'BatchPartitioned': {
      const known = view.batches.get(event.data.batchId);
      const batch = known ?? {
        batchId: event.data.batchId,
        recordCount: 0,
        byDate: {},
        storedAt: event.data.partitionedAt,
        partitioned: true,
        quarantined: null,
      };
      return withBatch(view, { ...batch, partitioned: true });
    }
    case 'BatchRestored': {
      const known = view.batches.get(event.data.batchId);
      return known === undefined ? view : withBatch(view, { ...known, quarantined: null });
    }
    case 'BatchQuarantined': {
      const known = view.batches.get(event.data.batchId);
      if (known === undefined) return view;
      return withBatch(view, { ...known, quarantined: event.data.reason });
    }
    case 'QueueDrained': {
      const { startedAt, drainedAt } = event.data;
      if (view.lastDrain !== null && view.lastDrain.startedAt >= startedAt) return view;
      return { ...view, lastDrain: { startedAt, drainedAt } };
    }
    case 'PartitionWritten':
      return withDate(view, event.data.date, (day) => ({
        ...day,
        partition: {
          revision: event.data.revision,
          parts: event.data.parts,
          partCounts: event.data.partCounts,
          recordCount: event.data.recordCount,
          duplicatesDropped: day.partition.duplicatesDropped + event.data.duplicatesDropped,
          writtenAt: event.data.writtenAt,
        },
      }));
    case 'ReportPublished':
      return withDate(view, event.data.date, (day) => ({
        ...day,
        report: {
          partitionRevision: event.data.partitionRevision,
          rowCount: event.data.rowCount,
          checksum: event.data.checksum ?? null,
          parquetChecksum: event.data.parquet?.checksum ?? null,
          publishedAt: event.data.publishedAt,
          rejected: null,
        },
      }));
    case 'ReportRejected':
      return withDate(view, event.data.date, (day) => ({
        ...day,
        report: { ...day.report, rejected: event.data },
      }));
    default:
      return view;
  }
};

/** Records of each date in batches stored and not yet partitioned. */
export const pendingRecordsByDate = (view: PipelineView): Map<CalendarDate, number> => {
  const pending = new Map<CalendarDate, number>();
  for (const batch of view.batches.values()) {
    if (batch.partitioned || batch.quarantined !== null) continue;
    for (const [date, count] of Object.entries(batch.byDate))
      pending.set(date, (pending.get(date) ?? 0) + count);
  }
  return pending;
};

/** Records of each date in batches set aside as unreadable (some may have been filed before the damage). */
export const quarantinedRecordsByDate = (view: PipelineView): Map<CalendarDate, number> => {
  const held = new Map<CalendarDate, number>();
  for (const batch of view.batches.values()) {
    if (batch.partitioned || batch.quarantined === null) continue;
    for (const [date, count] of Object.entries(batch.byDate)) held.set(date, (held.get(date) ?? 0) + count);
  }
  return held;
};

/** Records of a date written into batches, and how many batches hold some. */
export const storedOf = (view: PipelineView, date: CalendarDate): { records: number; batches: number } => {
  let records = 0;
  let batches = 0;
  for (const batch of view.batches.values()) {
    const count = batch.byDate[date] ?? 0;
    if (count > 0) {
      records += count;
      batches++;
    }
  }
  return { records, batches };
};
