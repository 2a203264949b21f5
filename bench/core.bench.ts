/**
 * A nominal day (2.4M records in 288 batches) through store → partition → report on the memory
 * profile. Baseline in the same run: the least work that yields the same CSV (dedupe, sort,
 * encode the same records in one array). Run: `npm run bench:core` (RECORDS=… to change the size).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_CORE_SETTINGS,
  PartitionService,
  ReportService,
  StoreService,
  TOKENS,
} from '../src/application';
import { MEMORY_ADAPTERS } from '../src/composition/memory-adapters';
import {
  compareForReport,
  dedupeRecords,
  encodeLocationCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
} from '../src/domain';
import { presetContainer } from '../test/support/preset-container';
import { machineLine, peakRssMiB, perSecond, writeBenchmarkSection } from './support/benchmarks-file';
import { simpleDayRecords } from './support/day-records';

const RECORDS = Number(process.env.RECORDS ?? 2_400_000);
const BATCHES = 288;
const PER_MESSAGE = 10;
const DAY = Date.UTC(2026, 10, 28);

const main = async (): Promise<void> => {
  const made = performance.now();
  let records: LocationRecord[] = simpleDayRecords(RECORDS, DAY);
  // About 1 % of sends are repeated, as devices resend on timeouts.
  const resent = records.filter((_, i) => i % 97 === 0);
  console.log(`made ${records.length + resent.length} records in ${Math.round(performance.now() - made)} ms`);

  const baselineStart = performance.now();
  const unique = dedupeRecords([...records, ...resent]).unique.sort(compareForReport);
  let bytes = LOCATION_CSV_HEADER.length;
  for (const record of unique) bytes += encodeLocationCsv(record).length + 2;
  const baselineMs = performance.now() - baselineStart;
  const expectedRows = unique.length;
  unique.length = 0;

  let now = DAY + 86_400_000 + 60_000;
  const container = presetContainer('memory', MEMORY_ADAPTERS, {
    settings: { ...DEFAULT_CORE_SETTINGS, store: { ...DEFAULT_CORE_SETTINGS.store, leaseBatch: 1_000 } },
    clock: { now: () => now },
    ids: {
      next: (() => {
        let n = 0;
        return () => `b${n++}`;
      })(),
    },
  });
  const queue = container.get(TOKENS.queue);
  const all = [...records, ...resent];
  records = [];
  const perBatch = Math.ceil(all.length / BATCHES);
  let storeMs = 0;
  let enqueueMs = 0;
  for (let b = 0; b < BATCHES; b++) {
    const slice = all.slice(b * perBatch, (b + 1) * perBatch);
    const e = performance.now();
    for (let i = 0; i < slice.length; i += PER_MESSAGE) await queue.enqueue(slice.slice(i, i + PER_MESSAGE));
    enqueueMs += performance.now() - e;
    const s = performance.now();
    await container.get(StoreService).run();
    storeMs += performance.now() - s;
    now += 300_000;
  }
  const p = performance.now();
  const partition = await container.get(PartitionService).run();
  const partitionMs = performance.now() - p;
  const r = performance.now();
  let reportRows = 0;
  let reportBytes = 0;
  for (const { date } of partition.dates) {
    const out = await container.get(ReportService).run(date);
    reportRows += out.rowCount;
    reportBytes += out.bytes;
  }
  const reportMs = performance.now() - r;
  if (reportRows !== expectedRows) throw new Error(`report has ${reportRows} rows, expected ${expectedRows}`);
  const totalMs = storeMs + partitionMs + reportMs;
  const rss = peakRssMiB();
  const table = [
    `### Core: a nominal day on the memory profile`,
    '',
    `\`npm run bench:core\` — ${machineLine()}`,
    '',
    `${all.length.toLocaleString('en-US')} records sent (${resent.length.toLocaleString('en-US')} resent), ${BATCHES} store runs, ${reportRows.toLocaleString('en-US')} rows reported over ${partition.dates.length} date(s), ${(reportBytes / 2 ** 20).toFixed(0)} MiB of CSV.`,
    '',
    '| phase | time | records/s |',
    '| --- | ---: | ---: |',
    `| enqueue (not part of the day's target) | ${(enqueueMs / 1000).toFixed(1)} s | ${perSecond(all.length, enqueueMs)} |`,
    `| store (288 runs) | ${(storeMs / 1000).toFixed(1)} s | ${perSecond(all.length, storeMs)} |`,
    `| partition | ${(partitionMs / 1000).toFixed(1)} s | ${perSecond(all.length, partitionMs)} |`,
    `| report | ${(reportMs / 1000).toFixed(1)} s | ${perSecond(reportRows, reportMs)} |`,
    `| **store → partition → report** | **${(totalMs / 1000).toFixed(1)} s** (target < 60 s) | ${perSecond(all.length, totalMs)} |`,
    `| baseline: dedupe + sort + encode in one array | ${(baselineMs / 1000).toFixed(1)} s | ${perSecond(all.length, baselineMs)} |`,
    '',
    `Pipeline / baseline: **${(totalMs / baselineMs).toFixed(1)} ×**. Peak RSS: **${rss} MiB** (the memory profile keeps every object in memory by design).`,
  ].join('\n');
  console.log(table);
  if (process.env.WRITE !== '0') writeBenchmarkSection('core', table);
  if (bytes <= 0) throw new Error('nothing encoded');
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
