import type { ExpectedRecord } from './wire-formats';

/** Counts of a run so far. */
export interface SimulationStats {
  readonly elapsedMs: number;
  /** Fixes taken. */
  readonly fixes: number;
  /** Requests sent, resends included. */
  readonly requests: number;
  /** Requests sent again (after a timeout or an error, or as a deliberate duplicate). */
  readonly resent: number;
  /** 202 answers. */
  readonly accepted: number;
  readonly timeouts: number;
  readonly networkErrors: number;
  /** 5xx, 408 and 429 answers (sent again). */
  readonly serverErrors: number;
  /** Other 4xx and 3xx answers (not sent again). */
  readonly refused: number;
  /** 2xx answers other than 202 (nothing stored). */
  readonly otherAnswers: number;
  /** Requests given up after too many attempts. */
  readonly gaveUp: number;
  /** Record ids the server named that differ from the ones the simulator computed. */
  readonly idMismatches: number;
  readonly inFlight: number;
  /** Fixes and resends waiting on the devices. */
  readonly waiting: number;
  readonly offlineDevices: number;
  /** Distinct records the server accepted (202). */
  readonly acceptedRecords: number;
}

/** The outcome of a run: what to reconcile the day's CSV against. */
export interface SimulationResult {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly stats: SimulationStats;
  /** Records the server answered 202 for, by device and time: each must be in the CSV exactly once. */
  readonly accepted: readonly ExpectedRecord[];
  /** Records sent but never confirmed (no answer in time): each may or may not be in the CSV. */
  readonly unconfirmed: readonly ExpectedRecord[];
  /** The first distinct problems seen (refusals, network errors). */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 10;

const byDeviceAndTime = (a: ExpectedRecord, b: ExpectedRecord): number =>
  a.deviceId.localeCompare(b.deviceId) ||
  a.recordedAt.localeCompare(b.recordedAt) ||
  a.recordId.localeCompare(b.recordId);

/** What a run has counted and which records it sent and saw accepted. */
export class SimulationTally {
  /** The counters of {@link SimulationStats} that only ever grow. */
  readonly counts = {
    fixes: 0,
    requests: 0,
    resent: 0,
    accepted: 0,
    timeouts: 0,
    networkErrors: 0,
    serverErrors: 0,
    refused: 0,
    otherAnswers: 0,
    gaveUp: 0,
    idMismatches: 0,
  };
  private readonly acceptedRecords = new Map<string, ExpectedRecord>();
  private readonly sentRecords = new Map<string, ExpectedRecord>();
  private readonly problemTexts = new Set<string>();

  /** Distinct records accepted so far. */
  get acceptedCount(): number {
    return this.acceptedRecords.size;
  }

  /** Notes records as sent (they stay unconfirmed until an answer names them). */
  sent(records: readonly ExpectedRecord[]): void {
    for (const record of records) this.sentRecords.set(record.recordId, record);
  }

  /** Takes a request's records as accepted: those the answer names, or all when it names none. */
  confirm(records: readonly ExpectedRecord[], ids: readonly string[] | undefined): void {
    const named = ids === undefined ? undefined : new Set(ids);
    if (named !== undefined) {
      const expected = new Set(records.map((r) => r.recordId));
      this.counts.idMismatches += [...named].filter((id) => !expected.has(id)).length;
    }
    for (const record of records) {
      if (named === undefined || named.has(record.recordId))
        this.acceptedRecords.set(record.recordId, record);
    }
  }

  /** Keeps a problem's text, up to the first few distinct ones. */
  problem(text: string): void {
    if (this.problemTexts.size < MAX_PROBLEMS) this.problemTexts.add(text);
  }

  /** The accepted records, by device and time. */
  accepted(): ExpectedRecord[] {
    return [...this.acceptedRecords.values()].sort(byDeviceAndTime);
  }

  /** The records sent but never accepted, by device and time. */
  unconfirmed(): ExpectedRecord[] {
    return [...this.sentRecords.values()]
      .filter((record) => !this.acceptedRecords.has(record.recordId))
      .sort(byDeviceAndTime);
  }

  problems(): string[] {
    return [...this.problemTexts];
  }
}
