import os from 'node:os';
import { fmt, machineLine } from './benchmarks-file';
import type { QueueCheck } from './queue-check';
import type { WrkRun } from './wrk-load';

/** What the ingest bench measured of one kind of run against one server. */
export interface Phase {
  readonly name: string;
  readonly tag: string;
  readonly perRequest: number;
  readonly seconds: number;
  readonly run: WrkRun;
  readonly load: string;
  /** CPU time the server used during the run, all its threads (ms; NaN without /proc). */
  readonly cpuMs: number;
}

/** A server's CPU time per request over a phase (µs). */
export const cpuPerRequest = (phase: Phase): number => (1000 * phase.cpuMs) / phase.run.requests;

export interface Round {
  readonly bare: Phase;
  readonly locus: Phase;
  readonly batches: readonly Phase[];
  readonly queue: QueueCheck;
  readonly ratio: number;
  /** Bare's CPU time per request over Locus's: the share of bare's rate Locus would reach on a core of its own. */
  readonly cpuRatio: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/**
 * Slices of one kind as one run: requests over seconds; p50 the slices' median, p99 and max their
 * worst (wrk reports percentiles per run, which do not add up).
 */
export const together = (slices: readonly Phase[]): Phase => {
  const first = slices[0] as Phase;
  const requests = slices.reduce((sum, p) => sum + p.run.requests, 0);
  const seconds = slices.reduce((sum, p) => sum + p.run.seconds, 0);
  const sum = (f: (run: WrkRun) => number) => slices.reduce((total, p) => total + f(p.run), 0);
  return {
    ...first,
    name: 'single',
    seconds,
    load: first.load,
    cpuMs: slices.reduce((total, p) => total + p.cpuMs, 0),
    run: {
      requests,
      seconds,
      perSecond: requests / seconds,
      accepted: sum((r) => r.accepted),
      other: sum((r) => r.other),
      errors: sum((r) => r.errors),
      p50Ms: Math.round(10 * median(slices.map((p) => p.run.p50Ms))) / 10,
      p99Ms: Math.max(...slices.map((p) => p.run.p99Ms)),
      maxMs: Math.max(...slices.map((p) => p.run.maxMs)),
    },
  };
};

const ms = (value: number): string => `${value} ms`;
const us = (value: number): string => `${value.toFixed(1)} µs`;

/** How the run was made, for the section's text. */
export interface IngestSetup {
  readonly connections: number;
  readonly seconds: number;
  readonly warmupS: number;
  readonly slices: number;
  readonly serverCpu: string;
  readonly wrkCpu: string;
}

/** The BENCHMARKS.md section of the rounds. */
export const report = (rounds: readonly Round[], wrkVersion: string, setup: IngestSetup): string => {
  const { connections: CONNECTIONS, seconds: SECONDS, warmupS: WARMUP_S, slices: SLICES } = setup;
  const { serverCpu: SERVER_CPU, wrkCpu: WRK_CPU } = setup;
  const ratio = median(rounds.map((r) => r.ratio));
  const cpuRatio = median(rounds.map((r) => r.cpuRatio));
  const worstP99 = Math.max(...rounds.map((r) => r.locus.run.p99Ms));
  const exact = rounds.every((r) => r.queue.exact);
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  return [
    '### Ingest: `locus serve` against a bare node:http server, wrk on its own core',
    '',
    `\`npm run bench:ingest\` — ${machineLine()}; ${wrkVersion}`,
    '',
    `Machine: ${cpu}, ${os.cpus().length} cores. Each server pinned to core ${SERVER_CPU} and wrk (one thread, ${CONNECTIONS} connections) to core ${WRK_CPU} (\`taskset -c\`). ` +
      'Locus: `node bin/locus.js serve`, local profile, default settings (a 202 once the SQLite queue committed), fresh data folder, no scheduled phase during the run. ' +
      'Bare: `node:http` answering 202 with a body of the same size, no work. wrk POSTs to `/locations` a body its Lua script makes per request, every location distinct. ' +
      `Both servers up at once, one under load at a time: ${WARMUP_S} s of warm-up each, then ${SECONDS} s each of single-location POSTs in ${SLICES} turns taken alternately (p50: the turns' median, p99: their worst); Locus then ${SECONDS} s each of batches of 100 and 1,000 locations.`,
    '',
    '| round | load 1/5/15 min | bare req/s | bare p99 | Locus req/s | Locus p50 | Locus p99 | Locus / bare | CPU per request: bare / Locus | batches of 100 | batches of 1,000 | queue: 202 ids found once / answered |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map((r, i) => {
      const [hundred, thousand] = r.batches;
      const batch = (p: Phase | undefined) =>
        p === undefined ? '—' : `${fmt(p.run.perSecond * p.perRequest)} records/s (p99 ${ms(p.run.p99Ms)})`;
      return (
        `| ${i + 1} | ${r.locus.load} | ${fmt(r.bare.run.perSecond)} | ${ms(r.bare.run.p99Ms)} | ${fmt(r.locus.run.perSecond)} | ` +
        `${ms(r.locus.run.p50Ms)} | ${ms(r.locus.run.p99Ms)} | **${(100 * r.ratio).toFixed(1)} %** | ` +
        `${us(cpuPerRequest(r.bare))} / ${us(cpuPerRequest(r.locus))} = ${(100 * r.cpuRatio).toFixed(1)} % | ${batch(hundred)} | ${batch(thousand)} | ` +
        `${fmt(r.queue.answered - r.queue.missing)} / ${fmt(r.queue.answered)}${r.queue.exact ? ' ✓' : ' ✗'} |`
      );
    }),
    '',
    `Locus / bare${rounds.length > 1 ? ' (median)' : ''}: **${(100 * ratio).toFixed(1)} %** (target ≥ 50 %: **${ratio >= 0.5 ? 'met' : 'missed'}**). ` +
      `Per core — bare's CPU time per request over Locus's (all threads of each server process, from /proc), the share of bare's rate Locus reaches on a core of its own whatever else the machine runs: **${(100 * cpuRatio).toFixed(1)} %**. ` +
      `Locus p99: ${rounds.map((r) => ms(r.locus.run.p99Ms)).join(', ')} (target < 20 ms: **${worstP99 < 20 ? 'met' : 'missed'}**). ` +
      `Every 202'd record in the queue exactly once: **${exact ? 'yes' : 'no'}** (record ids read from the 202 answers by the Lua script, ` +
      `counted in queue.db after a graceful stop; ${rounds.map((r) => fmt(r.queue.unanswered)).join(', ')} more record(s) were those of requests in flight when a wrk run ended).`,
  ].join('\n');
};
