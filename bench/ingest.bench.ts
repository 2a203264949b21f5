/**
 * Ingest: autocannon (in this process) against `locus serve` (the built server, local profile, in
 * a child process over a fresh data folder) and, in the same run, against a bare node:http server
 * that answers 202 without work (a child process too, so both are measured the same way). 50
 * connections, one request at a time each, one location per request; two warm-up runs first, then
 * a measured run of a fixed number of requests (about SECONDS long), so that no request is in flight
 * at the end. After each Locus run the server is stopped and its queue (queue.db, read-only) is
 * counted: it must hold exactly as many records as 202s were answered. Repeated ROUNDS times
 * (alternating which server goes first), waiting for a quiet machine before each round; the
 * median ratio is the figure.
 *
 * Targets: Locus reaches ≥ 50 % of the bare server's requests/s with p99 latency < 20 ms.
 *
 * Run from the repository root: `npm run build && npm run bench:build && node .tmp/bench/bench/ingest.bench.js`
 * (ROUNDS, SECONDS, WARMUP requests, LOAD_TARGET / LOAD_WAIT_S, WRITE=0 leaves BENCHMARKS.md alone).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fmt, machineLine, writeBenchmarkSection } from './support/benchmarks-file';
import { type LoadRun, loadRun, locationBodies } from './support/load-generator';
import { loadLine, waitForQuiet } from './support/machine-load';
import { type ServerProcess, startBareServer, startLocusServer } from './support/server-processes';

const CONNECTIONS = 50;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 20);
const WARMUP = Number(process.env.WARMUP ?? 20_000);
const DESIGN_RATE = 277;

interface Measured {
  readonly warmup: LoadRun;
  readonly run: LoadRun;
  readonly load: string;
  readonly exitCode: number | null;
}

interface QueueCount {
  readonly messages: number;
  readonly records: number;
  readonly quarantined: number;
  readonly batchFiles: number;
}

interface Round {
  readonly order: string;
  readonly bare: Measured;
  readonly locus: Measured;
  readonly queue: QueueCount;
  readonly accepted: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const status = (run: LoadRun, code: string): number => run.statuses[code] ?? 0;
/** Two runs' answers, errors and timeouts together (the rest is the second's). */
const combined = (a: LoadRun, b: LoadRun): LoadRun => {
  const statuses: Record<string, number> = { ...a.statuses };
  for (const [code, count] of Object.entries(b.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  return { ...b, statuses, errors: a.errors + b.errors, timeouts: a.timeouts + b.timeouts };
};
const others = (run: LoadRun): number =>
  Object.entries(run.statuses).reduce((sum, [code, count]) => (code === '202' ? sum : sum + count), 0) +
  run.errors +
  run.timeouts;

/**
 * Two warm-up runs of WARMUP requests (the first lets both processes compile their hot code, the
 * second tells the rate), then a measured run of about SECONDS at that rate.
 */
const measure = async (
  server: ServerProcess,
  bodies: readonly string[],
): Promise<Omit<Measured, 'exitCode'>> => {
  const url = server.url;
  const first = await loadRun(url, bodies, CONNECTIONS, WARMUP);
  const second = await loadRun(url, bodies, CONNECTIONS, WARMUP);
  const warmup = combined(first, second);
  const amount = Math.max(
    CONNECTIONS * 100,
    Math.round((second.perSecond * SECONDS) / CONNECTIONS) * CONNECTIONS,
  );
  const load = loadLine();
  const run = await loadRun(url, bodies, CONNECTIONS, amount);
  console.log(
    `  ${server.name}: ${fmt(run.perSecond)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ${JSON.stringify(run.statuses)} (load ${load})`,
  );
  return { warmup, run, load };
};

/** Messages and records in the queue (read-only), and batch files written meanwhile (none expected). */
const countQueue = async (dataDir: string): Promise<QueueCount> => {
  const db = new Database(path.join(dataDir, 'queue.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `SELECT count(*) AS messages,
           coalesce(sum(length(body) - length(replace(body, char(10), '')) + 1), 0) AS records,
           (SELECT count(*) FROM quarantined_messages) AS quarantined
         FROM messages`,
      )
      .get() as { messages: number; records: number; quarantined: number };
    const batchFiles = (await fs.readdir(path.join(dataDir, 'work')).catch(() => [] as string[])).length;
    return { ...row, batchFiles };
  } finally {
    db.close();
  }
};

const runRound = async (index: number, root: string, bodies: readonly string[]): Promise<Round> => {
  const quiet = await waitForQuiet(`round ${index + 1}`);
  console.log(`round ${index + 1}/${ROUNDS} (load ${loadLine()}, waited for ${quiet})`);
  const dataDir = path.join(root, `round-${index + 1}`);
  const results: Partial<Record<'bare' | 'locus', Measured>> = {};
  const order: ('bare' | 'locus')[] = index % 2 === 0 ? ['bare', 'locus'] : ['locus', 'bare'];
  for (const which of order) {
    const server = which === 'bare' ? await startBareServer() : await startLocusServer(dataDir);
    try {
      const measured = await measure(server, bodies);
      results[which] = { ...measured, exitCode: await server.stop() };
    } catch (error) {
      await server.stop();
      console.error(server.output());
      throw error;
    }
    if (which === 'locus' && results.locus?.exitCode !== 0) {
      throw new Error(`locus serve ended with ${results.locus?.exitCode}:\n${server.output()}`);
    }
  }
  const bare = results.bare as Measured;
  const locus = results.locus as Measured;
  const queue = await countQueue(dataDir);
  const accepted = status(locus.warmup, '202') + status(locus.run, '202');
  console.log(
    `  ratio ${(locus.run.perSecond / bare.run.perSecond).toFixed(3)}; queue ${fmt(queue.records)} records for ${fmt(accepted)} 202s`,
  );
  await fs.rm(dataDir, { recursive: true, force: true });
  return { order: order.join(' → '), bare, locus, queue, accepted };
};

const main = async (): Promise<void> => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-ingest-'));
  try {
    const bodies = locationBodies(100, Date.now());
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(i, root, bodies));

    const ratios = rounds.map((r) => r.locus.run.perSecond / r.bare.run.perSecond);
    const medianRatio = median(ratios);
    const p99s = rounds.map((r) => r.locus.run.p99Ms);
    const exact = rounds.every((r) => r.queue.records === r.accepted && r.queue.batchFiles === 0);
    const worstP99 = Math.max(...p99s);
    const lines = [
      `### Ingest: \`locus serve\` against a bare node:http server`,
      '',
      `\`npm run bench:ingest\` — ${machineLine()}`,
      '',
      `autocannon in the bench process; each server in a child process of its own on 127.0.0.1 (Locus: \`node bin/locus.js serve\`, ` +
        `local profile, fresh data folder, no scheduled phase during the run; bare: \`node:http\` answering 202 with a body of the same size, no work). ` +
        `${CONNECTIONS} connections, one request at a time each, one location per request (100 distinct bodies, cycled). ` +
        `Each server: two warm-up runs of ${fmt(WARMUP)} requests, then a measured run of a fixed number of requests (about ${SECONDS} s), so none is in flight at the end. ` +
        `${ROUNDS} rounds, each after waiting for a quiet machine, alternating which server goes first.`,
      '',
      '| round (order) | load 1/5/15 min | bare req/s | bare p99 | Locus req/s | Locus p50 | Locus p99 | Locus non-202 | Locus / bare | queue records / 202s |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rounds.map(
        (r, i) =>
          `| ${i + 1} (${r.order}) | ${r.locus.load} | ${fmt(r.bare.run.perSecond)} | ${r.bare.run.p99Ms} ms | ${fmt(r.locus.run.perSecond)} | ` +
          `${r.locus.run.p50Ms} ms | ${r.locus.run.p99Ms} ms | ${others(r.locus.run) + others(r.locus.warmup)} | ` +
          `${(100 * (ratios[i] as number)).toFixed(1)} % | ${fmt(r.queue.records)} / ${fmt(r.accepted)}${r.queue.records === r.accepted ? ' ✓' : ' ✗'} |`,
      ),
      '',
      `Median Locus / bare: **${(100 * medianRatio).toFixed(1)} %** (target ≥ 50 %: **${medianRatio >= 0.5 ? 'met' : 'missed'}**). ` +
        `Locus p99: ${p99s.map((p) => `${p} ms`).join(', ')} (target < 20 ms: **${worstP99 < 20 ? 'met' : 'missed'}** in every round` +
        `${worstP99 < 20 ? '' : `; ${p99s.filter((p) => p < 20).length} of ${rounds.length} under`}). ` +
        `Queue holds exactly one record per 202 in every round: **${exact ? 'yes' : 'no'}** (counted in queue.db after a graceful stop; ` +
        `no batch was stored meanwhile). Locus's median rate is ${fmt(median(rounds.map((r) => r.locus.run.perSecond)) / DESIGN_RATE, 0)} × the design's ${DESIGN_RATE} requests/s.`,
    ];
    const table = lines.join('\n');
    console.log(table);
    if (process.env.WRITE !== '0') writeBenchmarkSection('ingest', table);
    if (!exact) process.exitCode = 1;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
