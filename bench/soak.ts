/**
 * Soak: `locus serve` (the built server, local profile, fresh data folder, in a child process)
 * driven at RATE requests/s (default 277, the design's rate) for DURATION seconds (default 600),
 * open loop: requests are sent on schedule whatever the answers take. One location per request;
 * about one request in a hundred repeats an earlier one (a device that resends). The server's own
 * schedule stores every STORE_EVERY (default 1m); in the middle of the run `locus partition` and
 * `locus report` run beside it. At the end the server is stopped, the queue drained, every date
 * partitioned and reported, and the figures reconciled:
 *
 *   posted = accepted (202) ; accepted records = stored + duplicates dropped in batches
 *   stored = partitioned + duplicates dropped while partitioning ; partitioned = reported
 *   reported = the distinct records that got a 202, each exactly once (read from the CSVs)
 *
 * Run from the repository root: `npm run build && npm run bench:build && node .tmp/bench/bench/soak.js`
 * (DURATION, RATE, STORE_EVERY; WRITE=0 leaves BENCHMARKS.md alone).
 */
import { execFile } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { DayReconciliation } from '../src/application/status';
import { CsvRowReader, LOCATION_CSV_HEADER } from '../src/domain';
import { fmt, machineLine, writeBenchmarkSection } from './support/benchmarks-file';
import { loadLine, waitForQuiet } from './support/machine-load';
import { locusEnv, startLocusServer } from './support/server-processes';

const DURATION_S = Number(process.env.DURATION ?? 600);
const RATE = Number(process.env.RATE ?? 277);
const STORE_EVERY = process.env.STORE_EVERY ?? '1m';
const RESEND_EVERY = 100;
/** Requests between a late resend and its original: about two and a half minutes at the design rate. */
const LATE_RESEND = 40_000;
const ROOT = process.cwd();
const BIN = path.join(ROOT, 'bin', 'locus.js');

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

/** `node bin/locus.js <args>` to its end; fails on a non-zero exit. */
const locus = (args: readonly string[], env: Record<string, string>): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: locusEnv(env), cwd: ROOT, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`locus ${args.join(' ')} failed: ${stderr}`));
        else resolve(stdout);
      },
    );
  });

/** Peak resident memory of a process (Linux), MiB. */
const peakRssMiB = (pid: number): number | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line === undefined ? undefined : Math.round(Number(line.replace(/\D/g, '')) / 1024);
  } catch {
    return undefined;
  }
};

interface Sent {
  readonly body: string;
  readonly date: string;
}

/** The location of request `i`: a device of 20,000, recorded in the last 36 hours (so on two or three dates). */
const location = (i: number, now: number): Sent => {
  const at = now - 60_000 - ((i * 7_919_993) % (36 * 3_600_000));
  return {
    body: JSON.stringify({
      deviceId: `soak-${String(i % 20_000).padStart(5, '0')}`,
      latitude: Number((35 + (i % 100_000) / 1e6).toFixed(6)),
      longitude: Number((139 + (i % 77_777) / 1e6).toFixed(6)),
      timestamp: new Date(at).toISOString(),
      accuracy: (i % 50) + 0.5,
    }),
    date: new Date(at).toISOString().slice(0, 10),
  };
};

interface Tally {
  posted: number;
  statuses: Map<number, number>;
  errors: number;
  acceptedRecords: number;
  latencies: number[];
  /** Distinct record ids that got a 202, with their date. */
  readonly ids: Map<string, string>;
}

const post = (agent: Agent, url: URL, sent: Sent, tally: Tally): Promise<void> =>
  new Promise((resolve) => {
    const started = performance.now();
    tally.posted++;
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/locations',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(sent.body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          tally.latencies.push(performance.now() - started);
          const status = res.statusCode ?? 0;
          tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
          if (status === 202) {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ids: string[] };
            tally.acceptedRecords += answer.ids.length;
            for (const id of answer.ids) tally.ids.set(id, sent.date);
          }
          resolve();
        });
      },
    );
    req.on('error', () => {
      tally.errors++;
      resolve();
    });
    req.end(sent.body);
  });

/** Sends RATE requests a second for `seconds`, on schedule; `atHalf` runs once, halfway, without pausing the load. */
const drive = async (
  url: URL,
  seconds: number,
  tally: Tally,
  atHalf: () => Promise<void>,
): Promise<{ seconds: number; half: Promise<void> }> => {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const now = Date.now();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  let half: Promise<void> | undefined;
  const total = Math.round(seconds * RATE);
  while (sent < total) {
    const elapsed = (performance.now() - started) / 1000;
    const due = Math.min(total, Math.floor(elapsed * RATE));
    for (; sent < due; sent++) {
      // A resend a moment later (dropped within its batch), now and then one a few minutes later
      // (dropped when partitioning); each repeats a request that was sent as itself, not as a resend.
      const i =
        sent % 1_000 === 999 && sent > LATE_RESEND
          ? sent - LATE_RESEND - 1
          : sent % RESEND_EVERY === RESEND_EVERY - 1
            ? sent - 50
            : sent;
      const p = post(agent, url, location(i, now), tally).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    if (half === undefined && elapsed >= seconds / 2) half = atHalf();
    await sleep(5);
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, half: half ?? Promise.resolve() };
};

/** Rows of a report CSV (header checked), as record ids. */
const reportIds = async (file: string): Promise<string[]> => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(await fs.readFile(file, 'utf8'), rows);
  reader.end(rows);
  const [header, ...data] = rows;
  if (header?.join(',') !== LOCATION_CSV_HEADER) throw new Error(`${file} has no report header`);
  return data.map((row) => row[0] as string);
};

/** Copies dropped within batches by the store phase, summed over the journal's `BatchStored` events. */
const duplicatesInBatches = (dataDir: string): number => {
  const db = new Database(path.join(dataDir, 'journal.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT event FROM events WHERE stream LIKE 'batch-%'").all() as {
      event: string;
    }[];
    return rows
      .map((row) => JSON.parse(row.event) as { type: string; data: { duplicatesDropped?: number } })
      .reduce(
        (total, event) => total + (event.type === 'BatchStored' ? (event.data.duplicatesDropped ?? 0) : 0),
        0,
      );
  } finally {
    db.close();
  }
};

const main = async (): Promise<void> => {
  const quiet = await waitForQuiet('the soak');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-soak-'));
  const env = {
    LOCUS_DATA_DIR: dataDir,
    LOCUS_TIMEZONE: 'UTC',
    LOCUS_LOG_LEVEL: 'info',
    LOCUS_AUTH: 'off',
    LOCUS_RATE_LIMITS: 'off',
  };
  const server = await startLocusServer(dataDir, { storeEvery: STORE_EVERY, wholeLog: true });
  console.log(
    `soak: ${RATE} req/s for ${DURATION_S} s against ${server.url} (load ${loadLine()}, waited for ${quiet})`,
  );

  const tally: Tally = {
    posted: 0,
    statuses: new Map(),
    errors: 0,
    acceptedRecords: 0,
    latencies: [],
    ids: new Map(),
  };
  const middle: string[] = [];
  const loadAtStart = loadLine();
  const run = await drive(new URL(server.url), DURATION_S, tally, async () => {
    const date = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const t0 = performance.now();
    await locus(['partition'], env);
    const t1 = performance.now();
    await locus(['report', '--date', date], env);
    const t2 = performance.now();
    middle.push(
      `partition ${fmt((t1 - t0) / 1000, 1)} s, report of ${date} ${fmt((t2 - t1) / 1000, 1)} s (beside the load)`,
    );
    console.log(`  middle: ${middle.join('')}`);
  });
  await run.half;
  const loadAtEnd = loadLine();
  const rss = peakRssMiB(server.pid);
  const exitCode = await server.stop();
  const entries = server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { job?: string; msg?: string; batchId?: string | null; ms?: number });
  const storeRuns = entries.filter(
    (e) => e.job === 'store' && e.msg === 'store run finished' && e.batchId != null,
  );
  const storeFailures = entries.filter((e) => e.job === 'store' && e.msg === 'store run failed').length;
  const storeMs = storeRuns.map((e) => e.ms ?? 0).sort((a, b) => a - b);

  // The rest of the queue, every date partitioned and reported, then the counts of each date.
  while (!(await locus(['store'], env)).includes('nothing to store'));
  await locus(['partition'], env);
  const dates = [...new Set(tally.ids.values())].sort();
  const days: DayReconciliation[] = [];
  let exact = true;
  for (const date of dates) {
    await locus(['report', '--date', date], env);
    days.push(JSON.parse(await locus(['status', '--date', date, '--json'], env)) as DayReconciliation);
    const ids = await reportIds(path.join(dataDir, 'download', `locations-${date}.csv`));
    const expected = [...tally.ids].filter(([, d]) => d === date).map(([id]) => id);
    const unique = new Set(ids);
    if (
      unique.size !== ids.length ||
      unique.size !== expected.length ||
      expected.some((id) => !unique.has(id))
    )
      exact = false;
  }
  const sum = (pick: (d: DayReconciliation) => number) => days.reduce((total, day) => total + pick(day), 0);
  const storeDuplicates = duplicatesInBatches(dataDir);
  const accepted = tally.statuses.get(202) ?? 0;
  const stored = sum((d) => d.stored);
  const duplicates = sum((d) => d.duplicatesDropped);
  const partitioned = sum((d) => d.partitioned);
  const reported = sum((d) => d.reported ?? 0);
  const latencies = [...tally.latencies].sort((a, b) => a - b);
  const balanced =
    tally.posted === accepted &&
    sum((d) => d.accepted) === tally.acceptedRecords &&
    tally.acceptedRecords === stored + storeDuplicates &&
    stored - duplicates === partitioned &&
    partitioned === reported &&
    reported === tally.ids.size &&
    exact;

  const lines = [
    '### Soak: the local server at the design rate',
    '',
    `\`npm run bench:soak\` (DURATION=${DURATION_S}) — ${machineLine()}`,
    '',
    `\`locus serve\` (local profile, fresh data folder, store every ${STORE_EVERY}) in a child process; an open-loop client in ` +
      `the bench process sends ${RATE} requests/s, one location each, ~1 % of them repeats of a request a moment earlier and ` +
      `0.1 % repeats of one ${fmt(LATE_RESEND / RATE / 60, 1)} minutes earlier. Halfway, ` +
      '`locus partition` and `locus report` run beside the load. At the end the server is stopped (SIGTERM), the rest of the queue ' +
      'stored, every date partitioned and reported, and `locus status --date` read for each date.',
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| duration / achieved rate | ${fmt(run.seconds, 1)} s / ${fmt(tally.posted / run.seconds, 1)} req/s |`,
    `| posted / 202 / other answers / errors | ${fmt(tally.posted)} / ${fmt(accepted)} / ${fmt(tally.posted - accepted - tally.errors)} / ${fmt(tally.errors)} |`,
    `| latency p50 / p99 / max | ${fmt(percentile(latencies, 50), 1)} ms / ${fmt(percentile(latencies, 99), 1)} ms / ${fmt(latencies.at(-1) ?? 0, 1)} ms |`,
    `| scheduled store runs that stored a batch / failed | ${fmt(storeRuns.length)} (median ${fmt(percentile(storeMs, 50))} ms, max ${fmt(storeMs.at(-1) ?? 0)} ms) / ${fmt(storeFailures)} |`,
    `| halfway | ${middle.join('; ') || 'did not run'} |`,
    `| server peak RSS / exit code | ${rss === undefined ? 'n/a' : `${fmt(rss)} MiB`} / ${exitCode} |`,
    `| load average 1/5/15 min | start ${loadAtStart}, end ${loadAtEnd} |`,
    '',
    '| date | accepted (with resends) | stored (in batches) | duplicates dropped partitioning | partitioned | reported | current |',
    '| --- | ---: | ---: | ---: | ---: | ---: | :---: |',
    ...days.map(
      (d) =>
        `| ${d.date} | ${fmt(d.accepted)} | ${fmt(d.stored)} in ${fmt(d.batches)} | ${fmt(d.duplicatesDropped)} | ${fmt(d.partitioned)} | ${fmt(d.reported ?? 0)} | ${d.reportCurrent ? 'yes' : 'no'} |`,
    ),
    `| **total** | ${fmt(sum((d) => d.accepted))} | ${fmt(stored)} | ${fmt(duplicates)} | ${fmt(partitioned)} | ${fmt(reported)} | |`,
    '',
    `Reconciliation: posted ${fmt(tally.posted)} = accepted ${fmt(accepted)}; accepted records ${fmt(tally.acceptedRecords)} ` +
      `(${fmt(tally.ids.size)} distinct) = stored ${fmt(stored)} + ${fmt(storeDuplicates)} repeats dropped within a batch; stored ${fmt(stored)} − duplicates ${fmt(duplicates)} = partitioned ${fmt(partitioned)} = ` +
      `reported ${fmt(reported)}; every distinct 202'd record in its date's CSV exactly once: **${exact ? 'yes' : 'no'}**. ` +
      `Balanced: **${balanced ? 'yes' : 'no'}**.`,
  ];
  const table = lines.join('\n');
  console.log(table);
  if (process.env.WRITE !== '0') writeBenchmarkSection('soak', table);
  await fs.rm(dataDir, { recursive: true, force: true });
  if (!balanced) process.exitCode = 1;
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
