import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueueDepth } from '../../ports';
import { METRIC_NAMES } from './metrics-names';

/** What the gauges read when `/metrics` is scraped (each may throw: the gauge is then left out). */
export interface PipelineProbes {
  readonly queueDepth: () => Promise<QueueDepth>;
  readonly pendingBatches: () => Promise<readonly string[]>;
  readonly quarantinedBatches: () => Promise<readonly string[]>;
}

export type PhaseOutcome = 'success' | 'failure';

type Child = { inc(value?: number): void };

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PHASE_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200];

/**
 * The local server's Prometheus metrics (prom-client), on a registry of their own. Requests are
 * counted through children cached per route and status, so an answered request costs a map
 * look-up and two increments; the queue, batch and quarantine gauges are read from the ports only
 * when scraped.
 */
export class LocusMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly latency: Histogram<'route'>;
  private readonly accepted: Counter;
  private readonly rejected: Counter<'reason'>;
  private readonly phaseDuration: Histogram<'phase' | 'outcome'>;
  private readonly phaseRuns: Counter<'phase' | 'outcome'>;
  private readonly phaseLastSuccess: Gauge<'phase'>;
  private readonly storeCounters: Record<'records' | 'messages' | 'duplicates', Counter>;
  private readonly refused: Counter;
  private readonly failed: Counter;
  private readonly requestChildren = new Map<string, Child>();
  private readonly latencyChildren = new Map<string, { observe(value: number): void }>();

  constructor(probes: PipelineProbes) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: METRIC_NAMES.requests,
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: METRIC_NAMES.requestDuration,
      help: 'time from a request to its answer, by route pattern',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.accepted = new Counter({
      name: METRIC_NAMES.acceptedRecords,
      help: 'records answered with 202 (durable)',
      registers,
    });
    this.rejected = new Counter({
      name: METRIC_NAMES.rejectedItems,
      help: 'items refused by the validation, by the field at fault',
      labelNames: ['reason'],
      registers,
    });
    const count = (name: string, help: string) => new Counter({ name, help, registers });
    this.refused = count(METRIC_NAMES.refusedRequests, 'requests refused with a 4xx status');
    this.failed = count(METRIC_NAMES.failedRequests, 'requests that failed on the server (5xx)');
    this.storeCounters = {
      records: count(METRIC_NAMES.storedRecords, 'records written into batches by the store phase'),
      messages: count(METRIC_NAMES.storedMessages, 'queue messages drained by the store phase'),
      duplicates: count(METRIC_NAMES.duplicatesDropped, 'duplicate records dropped by the store phase'),
    };
    this.phaseDuration = new Histogram({
      name: METRIC_NAMES.phaseDuration,
      help: 'how long each run of a phase took, by phase and outcome',
      labelNames: ['phase', 'outcome'],
      buckets: PHASE_BUCKETS,
      registers,
    });
    this.phaseRuns = new Counter({
      name: METRIC_NAMES.phaseRuns,
      help: 'runs of a phase, by phase and outcome',
      labelNames: ['phase', 'outcome'],
      registers,
    });
    this.phaseLastSuccess = new Gauge({
      name: METRIC_NAMES.phaseLastSuccess,
      help: 'when a phase last finished without error (Unix seconds)',
      labelNames: ['phase'],
      registers,
    });
    new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'queue messages by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const depth = await probes.queueDepth().catch(() => undefined);
        this.reset();
        if (depth === undefined) return;
        this.set({ state: 'ready' }, depth.ready);
        this.set({ state: 'leased' }, depth.leased);
      },
    });
    new Gauge({
      name: METRIC_NAMES.pendingBatches,
      help: 'batches stored and not yet partitioned',
      registers,
      async collect() {
        const pending = await probes.pendingBatches().catch(() => undefined);
        this.reset();
        if (pending !== undefined) this.set(pending.length);
      },
    });
    new Gauge({
      name: METRIC_NAMES.quarantine,
      help: 'what could not be read and was set aside, by kind',
      labelNames: ['kind'],
      registers,
      async collect() {
        const [depth, batches] = await Promise.all([
          probes.queueDepth().catch(() => undefined),
          probes.quarantinedBatches().catch(() => undefined),
        ]);
        this.reset();
        if (depth !== undefined) this.set({ kind: 'messages' }, depth.quarantined);
        if (batches !== undefined) this.set({ kind: 'batches' }, batches.length);
      },
    });
  }

  /** One answered request: its route pattern (`/reports/:file`, not the path), method, status and time. */
  request(route: string, method: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let child = this.requestChildren.get(key);
    if (child === undefined) {
      child = this.requests.labels(route, method, String(status));
      this.requestChildren.set(key, child);
    }
    child.inc();
    let latency = this.latencyChildren.get(route);
    if (latency === undefined) {
      latency = this.latency.labels(route);
      this.latencyChildren.set(route, latency);
    }
    latency.observe(seconds);
    if (status >= 500) this.failed.inc();
    else if (status >= 400) this.refused.inc();
  }

  /** Records made durable by one request, and the fields of the items it had refused. */
  received(accepted: number, rejectedFields: readonly { readonly field: string }[]): void {
    if (accepted > 0) this.accepted.inc(accepted);
    for (const item of rejectedFields) this.rejected.inc({ reason: item.field === '' ? 'item' : item.field });
  }

  /** A store run's counts. */
  stored(counts: { recordCount: number; messageCount: number; duplicatesDropped: number }): void {
    this.storeCounters.records.inc(counts.recordCount);
    this.storeCounters.messages.inc(counts.messageCount);
    this.storeCounters.duplicates.inc(counts.duplicatesDropped);
  }

  /** A phase run that ended: how long it took and how, at `endedAt` (epoch ms). */
  phase(phase: string, outcome: PhaseOutcome, seconds: number, endedAt: number): void {
    this.phaseDuration.observe({ phase, outcome }, seconds);
    this.phaseRuns.inc({ phase, outcome });
    if (outcome === 'success') this.phaseLastSuccess.set({ phase }, endedAt / 1000);
  }

  /** Runs one phase and records its duration, outcome and (on success) when it ended. */
  async measure<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await work();
      this.phase(phase, 'success', (performance.now() - started) / 1000, Date.now());
      return result;
    } catch (error) {
      this.phase(phase, 'failure', (performance.now() - started) / 1000, Date.now());
      throw error;
    }
  }

  /** The Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
