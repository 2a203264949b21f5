import type { CalendarDate } from '../location/record-date';
import { type Command, type Decider, DomainError, type Event } from '../shared/decider';

/** What a report run made, asked to be published: valid only if it reconciles with its partition revision. */
export type PublishReport = Command<
  'PublishReport',
  {
    date: CalendarDate;
    rowCount: number;
    partitionRevision: number;
    /** The records the journal holds for the date at that revision: the rows there must be. */
    partitionRecords: number;
    /** SHA-256 of the CSV, hex. */
    checksum: string;
    location: string;
    /** The Parquet published beside the CSV: it must hold the same rows. */
    parquet?: ParquetFile;
    at: number;
  }
>;

/** A report's Parquet file: where it is, its rows and its SHA-256 (hex). */
export interface ParquetFile {
  readonly location: string;
  readonly rowCount: number;
  readonly checksum: string;
}

/** A report run that did not reconcile: nothing was published, the previous report stays. */
export type RejectReport = Command<
  'RejectReport',
  {
    date: CalendarDate;
    rowCount: number;
    partitionRevision: number;
    partitionRecords: number;
    reason: string;
    at: number;
  }
>;

export type ReportCommand = PublishReport | RejectReport;

export type ReportPublished = Event<
  'ReportPublished',
  {
    date: CalendarDate;
    rowCount: number;
    partitionRevision: number;
    location: string;
    /** SHA-256 of the CSV (absent in reports published before checksums were kept). */
    checksum?: string;
    /** The Parquet beside the CSV (absent in reports published before Parquet was made). */
    parquet?: ParquetFile;
    publishedAt: number;
  }
>;

export type ReportRejected = Event<
  'ReportRejected',
  {
    date: CalendarDate;
    rowCount: number;
    partitionRevision: number;
    partitionRecords: number;
    reason: string;
    rejectedAt: number;
  }
>;

export type ReportEvent = ReportPublished | ReportRejected;

export interface ReportState {
  /** The partition revision the last published report was made from; `null` before the first. */
  readonly partitionRevision: number | null;
  readonly rowCount: number;
  readonly publishedAt: number | null;
  readonly checksum: string | null;
  /** The last run that was refused, when it came after the last publication. */
  readonly rejected: ReportRejected['data'] | null;
}

/**
 * Why a report may not be published, or `null` when it may: it must hold exactly the records the
 * journal has for its partition revision, and must not replace a report made from a newer revision.
 */
export const reportRefusal = (
  command: Pick<PublishReport['data'], 'rowCount' | 'partitionRevision' | 'partitionRecords' | 'date'> & {
    readonly parquet?: Pick<ParquetFile, 'rowCount'>;
  },
  state: ReportState,
): DomainError | null => {
  if (state.partitionRevision !== null && command.partitionRevision < state.partitionRevision) {
    return new DomainError(
      'REPORT_OUTDATED',
      `the report of ${command.date} was already made from partition revision ${state.partitionRevision}, ` +
        `newer than ${command.partitionRevision}`,
    );
  }
  if (command.rowCount !== command.partitionRecords) {
    return new DomainError(
      'REPORT_MISMATCH',
      `the report of ${command.date} has ${command.rowCount} rows where partition revision ` +
        `${command.partitionRevision} holds ${command.partitionRecords} records`,
    );
  }
  if (command.parquet !== undefined && command.parquet.rowCount !== command.partitionRecords) {
    return new DomainError(
      'REPORT_MISMATCH',
      `the Parquet report of ${command.date} has ${command.parquet.rowCount} rows where partition revision ` +
        `${command.partitionRevision} holds ${command.partitionRecords} records`,
    );
  }
  return null;
};

/**
 * One date's report: publishing again overwrites it and is journalled; a run whose rows do not
 * reconcile with the partition is refused (and its refusal journalled), the previous report stays.
 */
export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  initialState: () => ({
    partitionRevision: null,
    rowCount: 0,
    publishedAt: null,
    checksum: null,
    rejected: null,
  }),
  decide: (command, state) => {
    if (command.type === 'RejectReport') {
      const { at, ...data } = command.data;
      return [{ type: 'ReportRejected', data: { ...data, rejectedAt: at } }];
    }
    const refusal = reportRefusal(command.data, state);
    if (refusal !== null) throw refusal;
    const { at, partitionRecords: _records, ...data } = command.data;
    return [{ type: 'ReportPublished', data: { ...data, publishedAt: at } }];
  },
  evolve: (state, event) =>
    event.type === 'ReportRejected'
      ? { ...state, rejected: event.data }
      : {
          partitionRevision: event.data.partitionRevision,
          rowCount: event.data.rowCount,
          publishedAt: event.data.publishedAt,
          checksum: event.data.checksum ?? null,
          rejected: null,
        },
};

/** The journal stream of one date's report. */
export const reportStream = (date: CalendarDate): string => `report-${date}`;
