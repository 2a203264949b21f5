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
import { fmt, writeBenchmarkSection } from './support/benchmarks-file';
import { cpuPerRequest, type Phase, type Round, report, together } from './support/ingest-report';
import { loadLine, waitForQuiet } from './support/machine-load';
import { processCpuMs } from './support/process-cpu';
import { countQueue } from './support/queue-check';
import { type ServerProcess, startBareServer, startLocusServer } from './support/server-processes';
import { readIds, requireWrk, wrkRun } from './support/wrk-load';

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

/** Runs the phases against one server, in order; each phase's ids go to `<dir>/<tag>.ids`. */
const phases = async (
  server: ServerProcess,
  dir: string,
  plan: readonly Omit<Phase, 'run' | 'load' | 'cpuMs'>[],
  keepIds: boolean,
): Promise<Phase[]> => {
  const done: Phase[] = [];
  for (const phase of plan) {
    const load = loadLine();
    const cpuBefore = processCpuMs(server.pid);
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
    const cpuAfter = processCpuMs(server.pid);
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore;
    const records = run.perSecond * phase.perRequest;
    console.log(
      `  ${server.name} ${phase.name}: ${fmt(run.perSecond)} req/s (${fmt(records)} records/s), ` +
        `p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, CPU ${((1000 * cpuMs) / run.requests).toFixed(1)} µs/request, ` +
        `202 ${fmt(run.accepted)}, other ${run.other}, errors ${run.errors} (load ${load})`,
    );
    done.push({ ...phase, run, load, cpuMs });
  }
  return done;
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
  const cpuRatio = cpuPerRequest(bareSingle) / cpuPerRequest(locusSingle);
  console.log(
    `  ratio ${(100 * ratio).toFixed(1)} %, per core (CPU time per request) ${(100 * cpuRatio).toFixed(1)} %; queue: ${fmt(queue.records)} records (${fmt(queue.distinct)} distinct), ` +
      `${fmt(queue.answered)} ids answered 202, ${fmt(queue.missing)} of them missing, ${fmt(queue.unanswered)} records in flight at a run's end`,
  );
  await fs.rm(dir, { recursive: true, force: true });
  return { bare: bareSingle, locus: locusSingle, batches: locus.slice(1 + SLICES), queue, ratio, cpuRatio };
};

const main = async (): Promise<void> => {
  const wrkVersion = requireWrk();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-ingest-'));
  try {
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await runRound(i, root));
    const table = report(rounds, wrkVersion, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmupS: WARMUP_S,
      slices: SLICES,
      serverCpu: SERVER_CPU,
      wrkCpu: WRK_CPU,
    });
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
