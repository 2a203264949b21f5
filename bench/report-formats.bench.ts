/**
 * The report phase's formats on the local profile: a synthetic day of parts (RECORDS distinct
 * records, default 2,400,000, in 16 parts written by FilePartitionStore), then, on the same parts,
 * (1) the CSV as the report wrote it before DuckDB wrote it itself: the sorted rows streamed into
 * Node, decoded, encoded and written; (2) the CSV alone written by DuckDB (`COPY`) and read once
 * for its SHA-256; (3) the whole draft the report publishes: that CSV and the Parquet made from it.
 * Prints times and file sizes; writes the "report-formats" section of BENCHMARKS.md unless WRITE=0.
 *
 * Run from the repository root: `npm run bench:report`.
 */
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDbEngine, readLocationCsv, sqlString } from '../src/adapters/local/duckdb-engine';
import { DuckDbReportQuery } from '../src/adapters/local/duckdb-report-query';
import { csvCopyOptions, sortedCsvSql } from '../src/adapters/local/duckdb-report-sql';
import { FilePartitionStore } from '../src/adapters/local/file-partition-store';
import { copiedRows, ReportDraftFolder } from '../src/adapters/local/report-draft-folder';
import { scanReportCsv } from '../src/adapters/local/report-file-scan';
import { type LocationRecord, partIndexOf } from '../src/domain';
import { machineLine, peakRssMiB, writeBenchmarkSection } from './support/benchmarks-file';
import { dayRecord } from './support/day-records';
import { loadLine, waitForQuiet } from './support/machine-load';

const RECORDS = Number(process.env.RECORDS ?? 2_400_000);
const PARTS = 16;
const DATE = '2026-11-28';
const DAY = Date.UTC(2026, 10, 28);

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const writeDay = async (dataDir: string): Promise<void> => {
  const store = new FilePartitionStore({ dataDir });
  const plan = { records: RECORDS, batches: 1, day: DAY };
  const parts = Array.from({ length: PARTS }, (): LocationRecord[] => []);
  for (let i = 0; i < RECORDS; i++) {
    const record = dayRecord(plan, i);
    parts[partIndexOf(record.recordId, PARTS)]?.push(record);
  }
  for (const [index, records] of parts.entries()) {
    await store.writePart(
      { date: DATE, index, of: PARTS },
      (async function* () {
        for (let i = 0; i < records.length; i += 10_000) yield records.slice(i, i + 10_000);
      })(),
    );
    parts[index] = [];
  }
};

const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
};

const main = async (): Promise<void> => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-report-bench-'));
  try {
    const made = await timed(() => writeDay(dataDir));
    console.log(`${RECORDS} records in ${PARTS} parts written in ${secs(made.ms)}`);
    const files = (await fs.readdir(path.join(dataDir, 'storage', `dt=${DATE}`))).map((name) =>
      path.join(dataDir, 'storage', `dt=${DATE}`, name),
    );
    const loadBefore = await waitForQuiet('the report');
    const startLoad = loadLine();

    const query = new DuckDbReportQuery({ dataDir });
    const streamed = await timed(async () => {
      const folder = await ReportDraftFolder.create(path.join(dataDir, 'tmp'));
      const rows = await folder.writeCsvFromRows(query.rowsFor(DATE));
      await scanReportCsv(folder.csvFile);
      await folder.discard();
      return rows;
    });
    await query.close();
    console.log(`CSV streamed through Node: ${secs(streamed.ms)}`);

    const engine = new DuckDbEngine(dataDir, { preserveOrder: true });
    const csvOnly = await timed(async () => {
      const folder = await ReportDraftFolder.create(path.join(dataDir, 'tmp'));
      const connection = await engine.connect();
      const target = folder.csvFile;
      const rows = await copiedRows(
        connection,
        `COPY (${sortedCsvSql(readLocationCsv(files), 'true')}) TO ${sqlString(target)} (${csvCopyOptions(true)})`,
      );
      connection.closeSync();
      const scan = await scanReportCsv(target);
      await folder.discard();
      return { rows, bytes: scan.bytes };
    });
    await engine.close();
    console.log(`CSV written by DuckDB: ${secs(csvOnly.ms)}`);

    const both = new DuckDbReportQuery({ dataDir });
    const drafted = await timed(async () => {
      const draft = await both.draft(DATE);
      const sizes = {
        csv: (await fs.stat(draft.files.csv.file as string)).size,
        parquet: (await fs.stat(draft.files.parquet?.file as string)).size,
        rows: draft.files.csv.rows(),
      };
      await draft.discard();
      return sizes;
    });
    await both.close();
    console.log(`CSV + Parquet drafted by DuckDB: ${secs(drafted.ms)}`);

    const { csv, parquet, rows } = drafted.result;
    const markdown = `### Report formats: CSV and Parquet

\`npm run bench:report\` — ${machineLine()}

${rows?.toLocaleString('en-US')} rows of one day in ${PARTS} parts (${mib(csv)} of report CSV), one range (the parts are under 320 MiB). Load average (1/5/15 min): ${startLoad} at the start (waited for ≤ 1.0: ${loadBefore}), ${loadLine()} at the end. Peak RSS of the bench process, which also made the day's records: ${peakRssMiB()} MiB.

| report files | time | size |
| --- | ---: | ---: |
| CSV, rows streamed from DuckDB into Node, decoded, encoded, written, hashed (the former path) | ${secs(streamed.ms)} | ${mib(csv)} |
| CSV written by DuckDB (\`COPY … ORDER BY\`), read once for SHA-256 and repeated ids | ${secs(csvOnly.ms)} | ${mib(csvOnly.result.bytes)} |
| CSV + Parquet (the rows sorted once into a DuckDB table, then both files written from it at once, Parquet zstd), both hashed and flushed: the report's draft | ${secs(drafted.ms)} | ${mib(csv)} + ${mib(parquet)} |

The Parquet is ${((parquet / csv) * 100).toFixed(0)} % of the CSV's size and takes ${secs(drafted.ms - csvOnly.ms)} more to write. The DuckDB paths sort within the report engine's memory limit (192 MB), spilling to disk.`;
    console.log(`\n${markdown}\n`);
    if (process.env.WRITE !== '0') writeBenchmarkSection('report-formats', markdown);
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
