/**
 * A day through store → partition → report on the local profile (SQLite queue, folder tree,
 * DuckDB report query), in a child process whose peak RSS is the figure; the records are made
 * and fed in this process, outside the timed sections, one batch at a time (a day is never held
 * whole). In the same run, on the same work files, DuckDB does, each in a process of its own, the
 * same re-filing (read, drop duplicate ids, one file per date) and the analyst's whole job (read,
 * drop duplicate ids, sort by device and time, one CSV with a header).
 *
 * Targets: nominal day (2.4M records): (partition + report) ≤ 1.5 × DuckDB's whole job, store +
 * partition + report ≤ 30 s, peak RSS under 512 MiB; peak day (24M records): (partition + report)
 * ≤ 2 × DuckDB's whole job, peak RSS under 1 GiB.
 *
 * Run from the repository root: `npm run bench:build && node .tmp/bench/bench/local-day.bench.js`
 * (`--peak` for the peak day). Environment: RECORDS (distinct records), PER_MESSAGE (records per
 * queue message, default 1: one location per request), FEED=queue|files (files: the parent writes
 * the 288 work/ batches itself with FileBatchStore.put and the store phase is not run),
 * STORE=runs|backlog (runs, the default: one store run after each batch is enqueued, a day of
 * 5-minute runs; backlog: the whole day is enqueued first, then drained by store runs back to back
 * until the queue is empty, as one `locus store` after a day without runs would be),
 * PART_TARGETS (comma-separated runs: `default` and/or a number of target records per part, as
 * LOCUS_PART_TARGET_RECORDS sets it; default `default`), LOAD_TARGET / LOAD_WAIT_S (wait for a
 * quiet machine), WRITE=0 (leave BENCHMARKS.md alone), PHASES_NODE_ARGS (node options of the phase
 * process, e.g. `--cpu-prof --cpu-prof-dir=prof`), KEEP (a folder: the data folder as it is after
 * the stores, copied there before the partition phase, to time the later phases on it again).
 */
import 'reflect-metadata';
import { promises as fs, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileBatchStore } from '../src/adapters/local/file-batch-store';
import { SqliteEventJournal } from '../src/adapters/local/sqlite-event-journal';
import { SqliteLocationQueue } from '../src/adapters/local/sqlite-location-queue';
import { SystemClock } from '../src/adapters/system/system-clock';
import { DEFAULT_CORE_SETTINGS } from '../src/application/settings';
import { timeOrderedId } from '../src/application/shared/batch-ids';
import { batchStream, decideStoreBatch, type LocationRecord, RecordDateResolver } from '../src/domain';
import { machineLine, perSecond, writeBenchmarkSection } from './support/benchmarks-file';
import { ChildRpc } from './support/child-rpc';
import { type DayPlan, dayBatches, recordsSent } from './support/day-records';
import { type DuckDbJob, type RefileRun, serveRefile } from './support/duckdb-refile';
import { type PartitionRun, type ReportRun, type StoreRun, servePhases } from './support/local-phases';
import { loadLine, waitForQuiet } from './support/machine-load';

const PEAK = process.argv.includes('--peak');
const RECORDS = Number(process.env.RECORDS ?? (PEAK ? 24_000_000 : 2_400_000));
const BATCHES = 288;
const PER_MESSAGE = Number(process.env.PER_MESSAGE ?? 1);
const FEED = process.env.FEED === 'files' ? 'files' : 'queue';
const STORE = process.env.STORE === 'backlog' ? 'backlog' : 'runs';
const DAY = Date.UTC(2026, 10, 28);
const SECTION = PEAK ? 'local-peak' : 'local-day';
const COMMAND = PEAK ? 'npm run bench:local:peak' : 'npm run bench:local';
/** Bytes of disk a record takes at most at once: work/archive, partitions, scratch, report, DuckDB's copy. */
const DISK_BYTES_PER_RECORD = 900;
/** Messages enqueued at once (the queue's group commit gathers them into transactions). */
const ENQUEUE_WINDOW = 4096;

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en-US');

/** Puts one batch on the queue, PER_MESSAGE records per message, ENQUEUE_WINDOW messages in flight. */
const enqueueBatch = async (
  queue: SqliteLocationQueue,
  records: readonly LocationRecord[],
): Promise<void> => {
  const pending: Promise<void>[] = [];
  for (let i = 0; i < records.length; i += PER_MESSAGE) {
    pending.push(queue.enqueue(records.slice(i, i + PER_MESSAGE)));
    if (pending.length >= ENQUEUE_WINDOW) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
};

/**
 * Writes one batch to `work/` as a store run would (its distinct records, the earliest received
 * copy of each) and journals it `BatchStored`: the partition phase files only journalled batches.
 */
const putBatch = async (
  store: FileBatchStore,
  journal: SqliteEventJournal,
  b: number,
  records: readonly LocationRecord[],
): Promise<void> => {
  const storedAt = DAY + 86_400_000 + b * 300_000;
  const batchId = timeOrderedId(storedAt, `b${b}`);
  const decision = decideStoreBatch(
    { type: 'StoreBatch', data: { batchId, messages: [{ receipt: batchId, records }], storedAt } },
    new RecordDateResolver(DEFAULT_CORE_SETTINGS.timeZone),
  );
  await store.put(batchId, decision.records);
  await journal.append(batchStream(batchId), [decision.event], 'no_stream');
};

const checkDisk = (dir: string, plan: DayPlan): void => {
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const needed = plan.records * DISK_BYTES_PER_RECORD;
  if (free < needed) {
    throw new Error(
      `${dir} has ${(free / 2 ** 30).toFixed(1)} GiB free; the run needs about ${(needed / 2 ** 30).toFixed(1)} GiB`,
    );
  }
};

const duSize = async (dir: string): Promise<number> => {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? await duSize(file) : (await fs.stat(file)).size;
  }
  return total;
};

/** One day through the phases; the Markdown of its figures. */
const runDay = async (partTarget: number | undefined): Promise<string> => {
  const plan: DayPlan = { records: RECORDS, batches: BATCHES, day: DAY };
  const setting =
    partTarget === undefined
      ? 'default settings'
      : `default settings but \`LOCUS_PART_TARGET_RECORDS=${partTarget}\` (target records per part)`;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `locus-${SECTION}-`));
  const dataDir = path.join(root, 'data');
  const cleanUp = () => fs.rm(root, { recursive: true, force: true });
  const onInterrupt = () => void cleanUp().then(() => process.exit(130));
  process.once('SIGINT', onInterrupt);
  let phases: ChildRpc | undefined;
  try {
    checkDisk(root, plan);
    const script = __filename;
    const quietAtStart = await waitForQuiet('the day');
    const loadAtStart = loadLine();
    console.log(
      `${SECTION}: ${count(RECORDS)} distinct records, ${BATCHES} batches, feed ${FEED}, data in ${dataDir} (load ${loadAtStart})`,
    );

    phases = ChildRpc.start(
      script,
      ['--phases', dataDir, ...(partTarget === undefined ? [] : [String(partTarget)])],
      process.env,
      (process.env.PHASES_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
    );
    let makeMs = 0;
    let feedMs = 0;
    let sent = 0;
    const stores: StoreRun[] = [];
    const queue = FEED === 'queue' ? new SqliteLocationQueue({ dataDir }, new SystemClock()) : undefined;
    const batchStore = new FileBatchStore({ dataDir });
    const journal = FEED === 'files' ? new SqliteEventJournal({ dataDir }, new SystemClock()) : undefined;
    const batches = dayBatches(plan);
    for (let b = 0; b < BATCHES; b++) {
      const made = performance.now();
      const records = batches.next().value as LocationRecord[];
      makeMs += performance.now() - made;
      sent += records.length;
      const fed = performance.now();
      if (queue !== undefined) await enqueueBatch(queue, records);
      else await putBatch(batchStore, journal as SqliteEventJournal, b, records);
      feedMs += performance.now() - fed;
      if (queue !== undefined && STORE === 'runs') stores.push(await phases.call<StoreRun>('store'));
      if (b % 48 === 47)
        console.log(`  batch ${b + 1}/${BATCHES}: ${count(sent)} records sent (load ${loadLine()})`);
    }
    if (queue !== undefined && STORE === 'backlog') {
      await waitForQuiet('store');
      for (;;) {
        const run = await phases.call<StoreRun>('store');
        stores.push(run);
        if (run.drained) break;
      }
    }
    await queue?.close();
    await journal?.close();
    if (sent !== recordsSent(plan)) throw new Error(`sent ${sent} records, expected ${recordsSent(plan)}`);
    const storeMs = stores.reduce((sum, run) => sum + run.ms, 0);
    const stored = stores.reduce((sum, run) => sum + run.records, 0);
    const storeRss = await phases.call<number>('rss');
    const loadAfterStore = loadLine();
    const workBytes = await duSize(path.join(dataDir, 'work'));

    // DuckDB's re-filing of the same work files, in a process of its own, before partition moves them.
    const loadRefile = await waitForQuiet('DuckDB re-filing');
    const refile = await refileWithDuckDb(script, dataDir, root, 'refile');
    console.log(
      'error' in refile
        ? `  DuckDB re-filing failed: ${refile.error}`
        : `  DuckDB re-filing: ${secs(refile.ms)}, ${count(refile.rows)} rows (${refile.settings})`,
    );
    const loadWholeJob = await waitForQuiet('DuckDB whole job');
    const wholeJob = await refileWithDuckDb(script, dataDir, root, 'whole-job');
    console.log(
      'error' in wholeJob
        ? `  DuckDB whole job failed: ${wholeJob.error}`
        : `  DuckDB whole job: ${secs(wholeJob.ms)}, ${count(wholeJob.rows)} rows (${wholeJob.settings})`,
    );

    const loadWithParquet = await waitForQuiet('DuckDB whole job with Parquet');
    const withParquet = await refileWithDuckDb(script, dataDir, root, 'whole-job-parquet');
    console.log(
      'error' in withParquet
        ? `  DuckDB whole job with Parquet failed: ${withParquet.error}`
        : `  DuckDB whole job with Parquet: ${secs(withParquet.ms)}, ${count(withParquet.rows)} rows (${withParquet.settings})`,
    );

    if (process.env.KEEP) {
      await fs.cp(dataDir, process.env.KEEP, { recursive: true });
      console.log(`  the data folder after the stores is copied to ${process.env.KEEP}`);
    }
    const loadPartition = await waitForQuiet('partition');
    const partition = await phases.call<PartitionRun>('partition');
    console.log(`  partition: ${secs(partition.ms)}, peak RSS so far ${partition.rssMiB} MiB`);
    const loadReport = await waitForQuiet('report');
    const report = await phases.call<ReportRun>(
      'report',
      partition.dates.map((d) => d.date),
    );
    console.log(`  report: ${secs(report.ms)}, peak RSS so far ${report.rssMiB} MiB`);
    const loadEnd = loadLine();
    const peakRss = await phases.call<number>('close');
    await phases.end();

    if (report.rows !== RECORDS) throw new Error(`the report has ${report.rows} rows, expected ${RECORDS}`);
    for (const run of [refile, wholeJob, withParquet]) {
      if (!('error' in run) && run.rows !== RECORDS)
        throw new Error(`DuckDB wrote ${run.rows} rows, expected ${RECORDS}`);
    }
    const partitioned = partition.dates.reduce((sum, d) => sum + d.recordCount, 0);
    if (partitioned !== RECORDS)
      throw new Error(`the partitions hold ${partitioned} records, expected ${RECORDS}`);

    const totalMs = storeMs + partition.ms + report.ms;
    const rssTarget = PEAK ? 1024 : 512;
    const ratioTarget = PEAK ? 2 : 1.5;
    const met = (ok: boolean): string => `**${ok ? 'met' : 'missed'}**`;
    const timeTarget = PEAK || FEED !== 'queue' ? '' : ` (target ≤ 30 s: ${met(totalMs <= 30_000)})`;
    const storeRuns =
      STORE === 'runs'
        ? `${stores.length} runs, one per batch`
        : `${stores.length} runs back to back on the whole day's backlog`;
    const storeRow =
      FEED === 'queue'
        ? `| store (${storeRuns}) | ${secs(storeMs)} | ${perSecond(stored, storeMs)} | ${storeRss} MiB |`
        : `| store | not run: the batches were written to work/ directly (FEED=files) | | |`;
    const jobRatio = 'error' in wholeJob ? undefined : (partition.ms + report.ms) / wholeJob.ms;
    const parquetRatio = 'error' in withParquet ? undefined : (partition.ms + report.ms) / withParquet.ms;
    const refileRatio = 'error' in refile ? undefined : partition.ms / refile.ms;
    const ratios = [
      jobRatio === undefined
        ? '(partition + report) / DuckDB whole job: no ratio, DuckDB did not finish'
        : `(partition + report) / DuckDB whole job: **${jobRatio.toFixed(2)} ×** (target ≤ ${ratioTarget} ×: ${met(jobRatio <= ratioTarget)})`,
      parquetRatio === undefined
        ? '(partition + report) / DuckDB whole job with Parquet: no ratio, DuckDB did not finish'
        : `(partition + report) / DuckDB whole job with Parquet, as Locus publishes both files: **${parquetRatio.toFixed(2)} ×**`,
      refileRatio === undefined
        ? 'partition / DuckDB re-filing: no ratio, DuckDB did not finish'
        : `partition / DuckDB re-filing: **${refileRatio.toFixed(2)} ×**`,
      `store + partition + report: **${secs(totalMs)}**${timeTarget}`,
      `peak RSS of the phase process: **${peakRss} MiB** (target < ${rssTarget} MiB: ${met(peakRss < rssTarget)})`,
    ];
    console.log(ratios.join('\n'));
    const table = [
      `### Local profile: ${PEAK ? 'a peak day' : 'a nominal day'} (${count(RECORDS)} records), ${partTarget === undefined ? 'default settings' : `LOCUS_PART_TARGET_RECORDS=${partTarget}`}`,
      '',
      `\`${COMMAND}\` — ${machineLine()}`,
      '',
      `${count(sent)} records sent (${count(sent - RECORDS)} of them repeats: ~1 % within a batch, ~1 % again in the next batch), ` +
        `${PER_MESSAGE} record(s) per queue message, ${BATCHES} batches, ` +
        (FEED === 'queue'
          ? 'each enqueued through the real `SqliteLocationQueue` (in the parent process, untimed) and then stored by one `StoreService` run. '
          : 'each written straight to `work/` with `FileBatchStore.put` (in the parent process, untimed). ') +
        `Records made in ${secs(makeMs)} and fed in ${secs(feedMs)} outside the timed sections; the phases run in a child process ` +
        `with the ${setting} (system clock, random ids). ${partition.dates.length} date(s), ${partition.dates.map((d) => d.parts).join('/')} part(s), ` +
        `${(workBytes / 2 ** 20).toFixed(0)} MiB of work files, ${(report.bytes / 2 ** 20).toFixed(0)} MiB of report CSV.`,
      '',
      `Load average (1/5/15 min): ${loadAtStart} at the start (waited for ≤ ${process.env.LOAD_TARGET ?? '1.0'}: ${quietAtStart}), ` +
        `${loadAfterStore} after the stores, ${loadPartition} before partition, ${loadReport} before report, ${loadEnd} at the end.`,
      '',
      ...ratios.map((line) => `- ${line}`),
      '',
      '| phase | time | records/s | peak RSS of the phase process so far |',
      '| --- | ---: | ---: | ---: |',
      storeRow,
      `| partition (${partition.batches} batches) | ${secs(partition.ms)} | ${perSecond(sent, partition.ms)} | ${partition.rssMiB} MiB |`,
      `| report (${count(report.rows)} rows) | ${secs(report.ms)} | ${perSecond(report.rows, report.ms)} | ${report.rssMiB} MiB |`,
      `| **store → partition → report** | **${secs(totalMs)}**${timeTarget} | ${perSecond(sent, totalMs)} | **${peakRss} MiB** |`,
      `| partition + report | ${secs(partition.ms + report.ms)} | ${perSecond(sent, partition.ms + report.ms)} | |`,
      duckDbRow('DuckDB re-filing the same work files', refile, loadRefile, sent),
      duckDbRow('DuckDB whole job on the same work files', wholeJob, loadWholeJob, sent),
      duckDbRow('DuckDB whole job with Parquet on the same work files', withParquet, loadWithParquet, sent),
      '',
      `DuckDB (${refile.settings}), each job in a process of its own. Re-filing: \`read_csv\` of work/*.csv, ` +
        `\`QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY received_at) = 1\`, \`COPY … (PARTITION_BY (dt))\`; ` +
        'it does not merge with existing partitions nor write parts, journal or fsync. Whole job: the same read and ' +
        '`QUALIFY`, `ORDER BY device_id, recorded_at, record_id`, `COPY … (FORMAT csv, HEADER true)` to one file. ' +
        'With Parquet: the same rows sorted once into a table, then the CSV and a Parquet file (typed columns, zstd, ' +
        'plain casts without the checks of each value Locus makes) written from it, as Locus publishes a report.',
    ].join('\n');
    console.log(table);
    return table;
  } finally {
    phases?.kill();
    process.off('SIGINT', onInterrupt);
    await cleanUp();
  }
};

type DuckDbOutcome = RefileRun | { error: string; settings: string };

/** A table row of one DuckDB job. */
const duckDbRow = (label: string, run: DuckDbOutcome, load: number, sent: number): string =>
  'error' in run
    ? `| ${label} (own process, load ${load}) | failed: ${run.error} | | |`
    : `| ${label} (own process, load ${load}) | ${secs(run.ms)} | ${perSecond(sent, run.ms)} | ${run.rssMiB} MiB |`;

/** One DuckDB job over the day's work files in a process of its own (its output then removed). */
const refileWithDuckDb = async (
  script: string,
  dataDir: string,
  root: string,
  job: DuckDbJob,
): Promise<DuckDbOutcome> => {
  const refiler = ChildRpc.start(script, ['--refile'], process.env);
  try {
    return await refiler.call<RefileRun>('refile', {
      workDir: path.join(dataDir, 'work'),
      outDir: path.join(root, 'duckdb-out'),
      spillDir: path.join(root, 'duckdb-spill'),
      job,
    });
  } catch (error) {
    const message = String((error as Error).message).split('\n')[0] ?? 'failed';
    return {
      error: message.replace(/^Error: /, ''),
      settings: `memory_limit ${process.env.REFILE_MEMORY_LIMIT ?? '(default)'}`,
    };
  } finally {
    refiler.kill();
    await refiler.end();
    await fs.rm(path.join(root, 'duckdb-out'), { recursive: true, force: true });
    await fs.rm(path.join(root, 'duckdb-spill'), { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const runs = (process.env.PART_TARGETS ?? 'default')
    .split(',')
    .map((item) => item.trim())
    .map((item) => (item === 'default' ? undefined : Number(item)));
  const tables: string[] = [];
  for (const partTarget of runs) tables.push(await runDay(partTarget));
  if (process.env.WRITE !== '0') writeBenchmarkSection(SECTION, tables.join('\n\n'));
};

const mode = process.argv[2];
if (mode === '--phases') {
  servePhases(process.argv[3] as string, process.argv[4] === undefined ? undefined : Number(process.argv[4]));
} else if (mode === '--refile') serveRefile();
else
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
