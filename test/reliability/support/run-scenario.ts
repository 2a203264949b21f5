import { parseLocations } from '../../../src/application/receive/parse-locations';
import {
  compareForReport,
  encodeLocationCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
  RecordDateResolver,
} from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { isInjected } from '../../support/fault-injection';
import { SimulatedCrash } from '../../support/faults';
import {
  containerOverPorts,
  counterIds,
  type PipelineWorld,
  type Services,
  servicesOf,
} from './pipeline-world';
import { type Scenario, toJson } from './scenario';

/** Every accepted record of each date, as its report must hold it: the earliest kept copy of each id. */
export type Expected = Map<string, Map<string, LocationRecord>>;

export interface ScenarioOutcome {
  readonly expected: Expected;
  /** Requests answered 202, and attempts that failed or crashed before an answer. */
  readonly accepted: number;
  readonly failedAttempts: number;
  readonly restarts: number;
}

/** A phase that failed this many times in a row is a finding, not bad luck. */
const MAX_ATTEMPTS = 80;

const EFFECTIVE = new Set(['fail-after', 'timeout', 'crash-after']);

/** Runs scenarios against one world, re-running each phase until it succeeds, as an operator (or a schedule) would. */
export class ScenarioRunner {
  private readonly zone: RecordDateResolver;
  readonly expected: Expected = new Map();
  private readonly requests: Record<string, unknown>[][] = [];
  private accepted = 0;
  private failedAttempts = 0;
  private restarts = 0;

  constructor(private readonly world: PipelineWorld) {
    this.zone = new RecordDateResolver(world.settings.timeZone);
  }

  /** Re-runs `step` until it succeeds: a crash restarts the process, a failure waits a little first. */
  async untilDone<T>(what: string, step: (services: Services) => Promise<T>): Promise<T> {
    const { leaseMs } = this.world.settings.store;
    const { lockTtlMs } = this.world.settings.partition;
    for (let attempt = 1; ; attempt++) {
      try {
        return await step(this.world.services);
      } catch (error) {
        const busy = isLocusError(error, 'PHASE_BUSY');
        if (!isInjected(error) && !busy) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(`${what} still fails after ${attempt} attempts: ${String(error)}`);
        this.failedAttempts++;
        if (error instanceof SimulatedCrash || this.world.faults.crashed) {
          // A new process starts once the dead one's leases and locks have expired.
          this.world.clock.advance(Math.max(leaseMs, lockTtlMs) + 1);
          await this.world.restart();
          this.restarts++;
        } else {
          this.world.clock.advance(busy ? lockTtlMs + 1 : 1_000);
        }
      }
    }
  }

  /** Posts one request until it gets its 202, noting every copy the queue may have kept on the way. */
  async post(body: Record<string, unknown>[], asBatch: boolean, withInvalid: boolean): Promise<void> {
    this.requests.push(body);
    await this.send(body, asBatch, withInvalid);
  }

  /** Sends an earlier request again (a device that did not see its answer). */
  async resend(pick: number): Promise<void> {
    if (this.requests.length === 0) return;
    await this.send(this.requests[pick % this.requests.length] as Record<string, unknown>[], true, false);
  }

  private async send(
    items: Record<string, unknown>[],
    asBatch: boolean,
    withInvalid: boolean,
  ): Promise<void> {
    const invalid = { deviceId: 'bad device', latitude: 91, longitude: 0, timestamp: '2026-02-30T00:00:00Z' };
    const body =
      items.length === 1 && !asBatch ? items[0] : { locations: withInvalid ? [...items, invalid] : items };
    await this.untilDone('receive', async (services) => {
      const receivedAt = this.world.clock.now();
      this.world.clock.advance(7);
      const firedBefore = this.world.faults.fired.length;
      try {
        const outcome = await services.receive.accept(body, {
          requestId: `q${this.requests.length}`,
          receivedAt,
        });
        if (outcome.kind !== 'accepted') throw new Error(`a valid request was refused: ${outcome.message}`);
        if (outcome.ids.length !== items.length) throw new Error('not every valid item was accepted');
        if (withInvalid && asBatch && outcome.rejected.length === 0)
          throw new Error('the invalid item was accepted');
        this.keep(items, receivedAt);
        this.accepted++;
      } catch (error) {
        const fired = this.world.faults.fired.slice(firedBefore);
        if (fired.some((f) => f.point === 'queue.enqueue' && EFFECTIVE.has(f.kind)))
          this.keep(items, receivedAt);
        throw error;
      }
    });
  }

  /** Notes records the queue holds a copy of, received at `receivedAt`. */
  private keep(items: readonly Record<string, unknown>[], receivedAt: number): void {
    for (const item of items) {
      const parsed = parseLocations(item, receivedAt, this.world.settings.timePolicy, 1);
      const record = parsed.records[0]?.record;
      if (record === undefined) throw new Error(`an item became invalid: ${JSON.stringify(parsed.rejected)}`);
      const date = this.zone.dateOf(record.recordedAt);
      const day = this.expected.get(date) ?? new Map<string, LocationRecord>();
      this.expected.set(date, day);
      const seen = day.get(record.recordId);
      if (seen === undefined || record.receivedAt < seen.receivedAt) day.set(record.recordId, record);
    }
  }

  /** Stores until the queue is empty, leased messages included (waiting out their leases). */
  async drain(): Promise<void> {
    for (let round = 0; round < 200; round++) {
      const stored = await this.untilDone('store', (s) => s.store.run());
      if (stored.batchId !== null) continue;
      const depth = await this.world.raw.queue.depth();
      if (depth.ready + depth.leased === 0) return;
      this.world.clock.advance(this.world.settings.store.leaseMs + 1);
    }
    throw new Error('the queue did not drain');
  }

  /** Dates that have accepted records, sorted. */
  get dates(): string[] {
    return [...this.expected.keys()].sort();
  }

  /** Runs a whole scenario: its operations, the rest of its items, then store, partition and every report. */
  async run(scenario: Scenario): Promise<ScenarioOutcome> {
    const json = scenario.items.map((item) => toJson(item, scenario.start, this.zone));
    let next = 0;
    for (const op of scenario.ops) {
      switch (op.op) {
        case 'post':
          if (next < json.length) {
            await this.post(json.slice(next, next + op.size), op.asBatch, op.withInvalid);
            next += op.size;
          }
          break;
        case 'resend':
          await this.resend(op.pick);
          break;
        case 'store':
          await this.untilDone('store', (s) => s.store.run());
          break;
        case 'partition':
          await this.untilDone('partition', (s) => s.partition.run());
          break;
        case 'report': {
          const dates = this.dates;
          if (dates.length > 0) {
            const date = dates[op.pick % dates.length] as string;
            await this.untilDone('report', (s) => s.report.run(date));
          }
          break;
        }
        case 'daily':
          await this.untilDone('daily', (s) => s.daily.run());
          break;
      }
    }
    for (; next < json.length; next += 5) await this.post(json.slice(next, next + 5), true, false);
    await this.finish();
    return {
      expected: this.expected,
      accepted: this.accepted,
      failedAttempts: this.failedAttempts,
      restarts: this.restarts,
    };
  }

  /** The end of any run: the queue drained, every batch partitioned, every date reported. */
  async finish(): Promise<void> {
    await this.drain();
    await this.untilDone('partition', (s) => s.partition.run());
    for (const date of this.dates) await this.untilDone('report', (s) => s.report.run(date));
  }
}

/** The report a date must have: the header, then each accepted record once, in the report's order, CRLF. */
export const expectedReportText = (records: Iterable<LocationRecord>): string => {
  const rows = [...records].sort(compareForReport).map((record) => `${encodeLocationCsv(record)}\r\n`);
  return `${LOCATION_CSV_HEADER}\r\n${rows.join('')}`;
};

/** What is wrong with a report, in a few words (ids missing, ids extra, repeated ids, or other differences). */
const explain = (actual: string, expected: string): string => {
  const ids = (text: string) =>
    text
      .split('\r\n')
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => line.slice(0, 32));
  const have = ids(actual);
  const want = new Set(ids(expected));
  const missing = [...want].filter((id) => !have.includes(id));
  const extra = have.filter((id) => !want.has(id));
  const repeated = have.filter((id, i) => have.indexOf(id) !== i);
  const a = actual.split('\r\n');
  const b = expected.split('\r\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const first = at < 0 ? '' : `; first difference at line ${at + 1}: got "${a[at]}", expected "${b[at]}"`;
  return `missing ${missing.length} [${missing.slice(0, 3)}], extra ${extra.length} [${extra.slice(0, 3)}], repeated ${repeated.length} [${repeated.slice(0, 3)}]${first}`;
};

/**
 * Checks the promise: every date's published report is exactly its accepted records, each once
 * (the earliest received copy), byte for byte; no report holds a record of another date; and the
 * journal's counts (what `locus status --date` shows) agree with the report.
 */
export const checkReports = async (world: PipelineWorld, expected: Expected): Promise<string[]> => {
  const problems: string[] = [];
  const inspector = servicesOf(
    containerOverPorts(world.raw, undefined, {
      settings: world.settings,
      clock: world.clock,
      ids: counterIds('x'),
    }),
  );
  const published = (await world.raw.reports.list()).map((report) => report.date);
  const dates = new Set([...expected.keys(), ...published]);
  for (const date of [...dates].sort()) {
    const records = expected.get(date) ?? new Map<string, LocationRecord>();
    const text = await world.reportText(date);
    if (text === undefined) {
      problems.push(`${date}: no report (${records.size} records accepted)`);
      continue;
    }
    const want = expectedReportText(records.values());
    if (text !== want) problems.push(`${date}: the report differs: ${explain(text, want)}`);
    if (records.size === 0) continue;
    const day = await inspector.status.day(date);
    // The run ends with the queue drained, but the world's clock may not have passed the date's
    // end (plus the skew) when that drain began: the date may be stale for that reason only
    // (and for records kept in quarantined batches, which the scenarios account for).
    const upToDate =
      day.reportCurrent ||
      day.waiting.every(
        (reason) =>
          reason.startsWith('no store run has drained') || reason.includes('in quarantined batches'),
      );
    if (day.partitioned !== records.size || day.reported !== records.size || !upToDate) {
      problems.push(
        `${date}: status shows partitioned ${day.partitioned}, reported ${day.reported} (current ${day.reportCurrent}), expected ${records.size}`,
      );
    }
  }
  return problems;
};
