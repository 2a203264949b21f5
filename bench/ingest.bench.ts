/**
 * Ingest: `wrk` against `locus serve` (the built server, local profile, default settings: durable
 * 202s from the SQLite queue, over a fresh data folder) and, in the same run, against a bare
 * node:http server answering 202 without work. Each server runs pinned to core SERVER_CPU (1) and
 * wrk to core WRK_CPU (0) (`taskset -c`), so that the load generator never takes the server's core.
 * wrk (one thread, 50 connections) POSTs to `/locations` a body its Lua script makes for each
 * request (bench/support/wrk-locations.lua): every location distinct (its own device and time).
 *
 * Both servers run at once, one under load at a time: a warm-up of WARMUP_S seconds each, then
 * SECONDS each of single-location POSTs (the ratio and the latency) in SLICES turns taken
 * alternately, so that the shared machine's load weighs on both alike; Locus then takes SECONDS
 * of batches of 100 and of 1,000 locations (records/s).
 * Afterwards the server is stopped (SIGTERM) and its queue counted: every record id wrk saw in a
 * 202 must be in the queue exactly once, no record twice; records beyond the 202s can only be
 * those of requests still in flight when wrk stopped (at most one per connection per run).
 *
 * Targets: Locus ≥ 50 % of the bare server's requests/s, p99 < 20 ms.
 *
 * Needs `wrk` (Debian/Ubuntu: `sudo apt-get install wrk`) and `taskset`; refuses without them.
 * Run from the repository root: `npm run bench:ingest` (SECONDS, WARMUP_S, ROUNDS, LOAD_TARGET /
 * LOAD_WAIT_S, SERVER_CPU / WRK_CPU, PROFILE=1 writes a CPU profile of `locus serve` to
 * .tmp/profiles, WRITE=0 leaves BENCHMARKS.md alone).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, machineLine, writeBenchmarkSection } from './support/benchmarks-file';
import { loadLine, waitForQuiet } from './support/machine-load';
import { countQueue, type QueueCheck } from './support/queue-check';
import { type ServerProcess, startBareServer, startLocusServer } from './support/server-processes';
import { readIds, requireWrk, type WrkRun, wrkRun } from './support/wrk-load';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.SECONDS ?? 12);
const WARMUP_S = Number(process.env.WARMUP_S ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
/** The single-location runs of the two servers take turns in this many slices. */
const SLICES = Number(process.env.SLICES ?? 4);
const SERVER_CPU = process.env.SERVER_CPU ?? '1';
const WRK_CPU = process.env.WRK_CPU ?? '0';
const PROFILE = process.env.PROFILE === '1';
/** BATCHES=0 leaves out the batch runs (e.g. to profile single locations alone). */
const BATCHES = process.env.BATCHES !== '0';

interface Phase {
  readonly name: string;
  readonly tag: string;
  readonly perRequest: number;
  readonly seconds: number;
  readonly run: WrkRun;
  readonly load: string;
}

interface Round {
  readonly bare: Phase;
  readonly locus: Phase;
  readonly batches: readonly Phase[];
  readonly queue: QueueCheck;
  readonly ratio: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Runs the phases against one server, in order; each phase's ids go to `<dir>/<tag>.ids`. */
const phases = async (
  server: ServerProcess,
  dir: string,
  plan: readonly Omit<Phase, 'run' | 'load'>[],
  keepIds: boolean,
): Promise<Phase[]> => {
  const done: Phase[] = [];
  for (const phase of plan) {
    const load = loadLine();
    const run = await wrkRun({
      url: server.url,
      connections: CONNECTIONS,
      seconds: phase.seconds,
      phase: phase.tag,
      perRequest: phase.perRequest,
      baseMs: Date.now(),
      cpu: WRK_CPU,
      ...(keepIds ? { idsFile: path.join(dir, `${phase.tag}.ids`) } : {}),
    });
    const records = run.perSecond * phase.perRequest;
    console.log(
      `  ${server.name} ${phase.name}: ${fmt(run.perSecond)} req/s (${fmt(records)} records/s), ` +
        `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, 202 ${fmt(run.accepted)}, other ${run.other}, errors ${run.errors} (load ${load})`,
    );
    done.push({ ...phase, run, load });
  }
  return done;
};

/**
 * Slices of one kind as one run: requests over seconds; p50 the slices' median, p99 and max their
 * worst (wrk reports percentiles per run, which do not add up).
 */
const together = (slices: readonly Phase[]): Phase => {
  const first = slices[0] as Phase;
  const requests = slices.reduce((sum, p) => sum + p.run.requests, 0);
  const seconds = slices.reduce((sum, p) => sum + p.run.seconds, 0);
  const sum = (f: (run: WrkRun) => number) => slices.reduce((total, p) => total + f(p.run), 0);
  return {
    ...first,
    name: 'single',
    seconds,
    load: first.load,
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

const single = (tag: string, name: string, seconds: number) => ({ name, tag, perRequest: 1, seconds });

const runRound = async (index: number, root: string): Promise<Round> => {
  const quiet = await waitForQuiet(`round ${index + 1}`);
  console.log(`round ${index + 1}/${ROUNDS} (load ${loadLine()}, waited for ${quiet})`);
  const dir = path.join(root, `round-${index + 1}`);
  const dataDir = path.join(dir, 'data');
  await fs.mkdir(dir, { recursive: true });

  const bareServer = await startBareServer(SERVER_CPU);
  const profileDir = path.join(process.cwd(), '.tmp', 'profiles');
  const locusServer = await startLocusServer(dataDir, {
    cpu: SERVER_CPU,
    ...(PROFILE ? { nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  }).catch(async (error: unknown) => {
    await bareServer.stop();
    throw error;
  });
  // Both servers run at once (only one under load at a time): the single-location runs take
  // turns in SLICES slices, so that the shared machine's load weighs on both alike.
  const slice = SECONDS / SLICES;
  const bare: Phase[] = [];
  const locus: Phase[] = [];
  try {
    bare.push(...(await phases(bareServer, dir, [single('w', 'warm-up', WARMUP_S)], false)));
    locus.push(...(await phases(locusServer, dir, [single('w', 'warm-up', WARMUP_S)], true)));
    for (let i = 0; i < SLICES; i++) {
      const turn = async (which: 'bare' | 'locus') =>
        which === 'bare'
          ? bare.push(
              ...(await phases(
                bareServer,
                dir,
                [single(`s${i}`, `single ${i + 1}/${SLICES}`, slice)],
                false,
              )),
            )
          : locus.push(
              ...(await phases(
                locusServer,
                dir,
                [single(`s${i}`, `single ${i + 1}/${SLICES}`, slice)],
                true,
              )),
            );
      for (const which of i % 2 === 0 ? (['bare', 'locus'] as const) : (['locus', 'bare'] as const))
        await turn(which);
    }
    if (BATCHES) {
      locus.push(
        ...(await phases(
          locusServer,
          dir,
          [
            { name: 'batches of 100', tag: 'h', perRequest: 100, seconds: SECONDS },
            { name: 'batches of 1,000', tag: 'k', perRequest: 1000, seconds: SECONDS },
          ],
          true,
        )),
      );
    }
  } catch (error) {
    await Promise.all([locusServer.stop(), bareServer.stop()]);
    console.error(locusServer.output());
    throw error;
  }
  await bareServer.stop();
  const exitCode = await locusServer.stop();
  if (exitCode !== 0) throw new Error(`locus serve ended with ${exitCode}:\n${locusServer.output()}`);

  const answered = locus.flatMap((phase) => readIds(path.join(dir, `${phase.tag}.ids`)));
  // A run may end with one request in flight per connection, which the server may still have queued.
  const inFlight = locus.reduce((sum, phase) => sum + CONNECTIONS * phase.perRequest, 0);
  const queue = await countQueue(dataDir, answered, inFlight);
  const bareSingle = together(bare.slice(1));
  const locusSingle = together(locus.slice(1, 1 + SLICES));
  const ratio = locusSingle.run.perSecond / bareSingle.run.perSecond;
  console.log(
    `  ratio ${(100 * ratio).toFixed(1)} %; queue: ${fmt(queue.records)} records (${fmt(queue.distinct)} distinct), ` +
      `${fmt(queue.answered)} ids answered 202, ${fmt(queue.missing)} of them missing, ${fmt(queue.unanswered)} records in flight at a run's end`,
  );
  await fs.rm(dir, { recursive: true, force: true });
  return { bare: bareSingle, locus: locusSingle, batches: locus.slice(1 + SLICES), queue, ratio };
};

const ms = (value: number): string => `${value} ms`;

const report = (rounds: readonly Round[], wrkVersion: string): string => {
  const ratio = median(rounds.map((r) => r.ratio));
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
    '| round | load 1/5/15 min | bare req/s | bare p99 | Locus req/s | Locus p50 | Locus p99 | Locus / bare | batches of 100 | batches of 1,000 | queue: 202 ids found once / answered |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map((r, i) => {
      const [hundred, thousand] = r.batches;
      const batch = (p: Phase | undefined) =>
        p === undefined ? '—' : `${fmt(p.run.perSecond * p.perRequest)} records/s (p99 ${ms(p.run.p99Ms)})`;
      return (
        `| ${i + 1} | ${r.locus.load} | ${fmt(r.bare.run.perSecond)} | ${ms(r.bare.run.p99Ms)} | ${fmt(r.locus.run.perSecond)} | ` +
        `${ms(r.locus.run.p50Ms)} | ${ms(r.locus.run.p99Ms)} | **${(100 * r.ratio).toFixed(1)} %** | ${batch(hundred)} | ${batch(thousand)} | ` +
        `${fmt(r.queue.answered - r.queue.missing)} / ${fmt(r.queue.answered)}${r.queue.exact ? ' ✓' : ' ✗'} |`
      );
    }),
    '',
    `Locus / bare${rounds.length > 1 ? ' (median)' : ''}: **${(100 * ratio).toFixed(1)} %** (target ≥ 50 %: **${ratio >= 0.5 ? 'met' : 'missed'}**). ` +
      `Locus p99: ${rounds.map((r) => ms(r.locus.run.p99Ms)).join(', ')} (target < 20 ms: **${worstP99 < 20 ? 'met' : 'missed'}**). ` +
      `Every 202'd record in the queue exactly once: **${exact ? 'yes' : 'no'}** (record ids read from the 202 answers by the Lua script, ` +
      `counted in queue.db after a graceful stop; ${rounds.map((r) => fmt(r.queue.unanswered)).join(', ')} more record(s) were those of requests in flight when a wrk run ended).`,
  ].join('\n');
};

const main = async (): Promise<void> => {
  const wrkVersion = requireWrk();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-ingest-'));
  try {
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(i, root));
    const table = report(rounds, wrkVersion);
    console.log(table);
    if (process.env.WRITE !== '0') writeBenchmarkSection('ingest', table);
    if (!rounds.every((r) => r.queue.exact)) process.exitCode = 1;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
