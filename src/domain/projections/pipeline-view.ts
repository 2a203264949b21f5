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

/** A view being folded: its own copies of the maps, changed in place (see {@link foldPipelineView}). */
interface ViewDraft {
  readonly batches: Map<string, BatchView>;
  readonly dates: Map<CalendarDate, DateView>;
  lastDrain: PipelineView['lastDrain'];
}

const changeDate = (draft: ViewDraft, date: CalendarDate, change: (day: DateView) => DateView): void => {
  draft.dates.set(date, change(draft.dates.get(date) ?? emptyDate(date)));
};

/** Applies one event to a draft. */
const apply = (draft: ViewDraft, event: LocusEvent): void => {
  switch (event.type) {
    case 'LocationsAccepted': {
      for (const [date, count] of Object.entries(event.data.byDate)) {
        changeDate(draft, date, (day) => ({
          ...day,
          accepted: day.accepted + count,
          lastAcceptedAt: Math.max(day.lastAcceptedAt ?? 0, event.data.acceptedAt),
        }));
      }
      return;
    }
    case 'BatchStored': {
      const { batchId, recordCount, byDate, storedAt } = event.data;
      const known = draft.batches.get(batchId);
      draft.batches.set(batchId, {
        batchId,
        recordCount,
        byDate,
        storedAt,
        partitioned: known?.partitioned ?? false,
        quarantined: known?.quarantined ?? null,
      });
      return;
    }
    case 'BatchPartitioned': {
      const known = draft.batches.get(event.data.batchId);
      const batch = known ?? {
        batchId: event.data.batchId,
        recordCount: 0,
        byDate: {},
        storedAt: event.data.partitionedAt,
        partitioned: true,
        quarantined: null,
      };
      draft.batches.set(batch.batchId, { ...batch, partitioned: true });
      return;
    }
    case 'BatchRestored': {
      const known = draft.batches.get(event.data.batchId);
      if (known !== undefined) draft.batches.set(known.batchId, { ...known, quarantined: null });
      return;
    }
    case 'BatchQuarantined': {
      const known = draft.batches.get(event.data.batchId);
      if (known !== undefined) draft.batches.set(known.batchId, { ...known, quarantined: event.data.reason });
      return;
    }
    case 'QueueDrained': {
      const { startedAt, drainedAt } = event.data;
      if (draft.lastDrain === null || draft.lastDrain.startedAt < startedAt) {
        draft.lastDrain = { startedAt, drainedAt };
      }
      return;
    }
    case 'PartitionWritten':
      changeDate(draft, event.data.date, (day) => ({
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
      return;
    case 'ReportPublished':
      changeDate(draft, event.data.date, (day) => ({
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
      return;
    case 'ReportRejected':
      changeDate(draft, event.data.date, (day) => ({
        ...day,
        report: { ...day.report, rejected: event.data },
      }));
      return;
    default:
      return;
  }
};

/**
 * Folds journalled events into a view, giving a new view (the one given is left as it is).
 * Streams are independent, so the view is the same whatever order the streams are read in, as
 * long as each stream is read in its own order. The maps are copied once per fold, not once per
 * event: folding a journal of n batches takes time in n, where an event at a time takes n².
 */
export const foldPipelineView = (view: PipelineView, events: Iterable<LocusEvent>): PipelineView => {
  const draft: ViewDraft = {
    batches: new Map(view.batches),
    dates: new Map(view.dates),
    lastDrain: view.lastDrain,
  };
  for (const event of events) apply(draft, event);
  return { batches: draft.batches, dates: draft.dates, lastDrain: draft.lastDrain };
};

/** Folds one journalled event into the view (see {@link foldPipelineView}, for many events). */
export const evolvePipelineView = (view: PipelineView, event: LocusEvent): PipelineView =>
  foldPipelineView(view, [event]);

/**
 * A figure derived from a whole view, computed once per view (views are never changed once
 * folded): a status listing asks it for every date, and each answer walks every batch.
 */
const perView = <T>(derive: (view: PipelineView) => T): ((view: PipelineView) => T) => {
  const known = new WeakMap<PipelineView, T>();
  return (view) => {
    let value = known.get(view);
    if (value === undefined) {
      value = derive(view);
      known.set(view, value);
    }
    return value;
  };
};

/** Records of each date in batches stored and not yet partitioned. */
export const pendingRecordsByDate: (view: PipelineView) => ReadonlyMap<CalendarDate, number> = perView(
  (view) => {
    const pending = new Map<CalendarDate, number>();
    for (const batch of view.batches.values()) {
      if (batch.partitioned || batch.quarantined !== null) continue;
      for (const [date, count] of Object.entries(batch.byDate))
        pending.set(date, (pending.get(date) ?? 0) + count);
    }
    return pending;
  },
);

/** Records of each date in batches set aside as unreadable (some may have been filed before the damage). */
export const quarantinedRecordsByDate: (view: PipelineView) => ReadonlyMap<CalendarDate, number> = perView(
  (view) => {
    const held = new Map<CalendarDate, number>();
    for (const batch of view.batches.values()) {
      if (batch.partitioned || batch.quarantined === null) continue;
      for (const [date, count] of Object.entries(batch.byDate)) held.set(date, (held.get(date) ?? 0) + count);
    }
    return held;
  },
);

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
