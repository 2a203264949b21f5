/**
 * The pipeline view (`locus status`, `GET /reports`, which dates are due) folded from a journal
 * of many days: the SQLite journal holds DAYS days of 288 batches, each stored and partitioned,
 * and a partition and a report per day. `PipelineProjection.load()` is timed as it is (every
 * stream read, then one fold), beside the same events folded one event at a time, as `load()`
 * did before (each event copied the view's maps, so the fold took time in the square of the
 * batches). Run: `npm run bench:projection` (DAYS, default 60; WRITE=0 leaves BENCHMARKS.md alone).
 */
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteEventJournal } from '../src/adapters/local/sqlite-event-journal';
import { SystemClock } from '../src/adapters/system/system-clock';
import { DEFAULT_CORE_SETTINGS } from '../src/application/settings';
import { PipelineProjection } from '../src/application/status/pipeline-projection';
import {
  emptyPipelineView,
  evolvePipelineView,
  type LocusEvent,
  type PipelineView,
  partitionStream,
  reportStream,
} from '../src/domain';
import { machineLine, writeBenchmarkSection } from './support/benchmarks-file';
import { loadLine } from './support/machine-load';

const DAYS = Number(process.env.DAYS ?? 60);
const PER_DAY = 288;
/** The one-event-at-a-time fold is left out above this many batches (it would take minutes). */
const ONE_BY_ONE_MAX_BATCHES = 20_000;

const dayOf = (d: number): string =>
  new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

const fillJournal = async (journal: SqliteEventJournal): Promise<number> => {
  let events = 0;
  for (let d = 0; d < DAYS; d++) {
    const date = dayOf(d);
    const batchIds: string[] = [];
    for (let b = 0; b < PER_DAY; b++) {
      const batchId = `${date}-${String(b).padStart(3, '0')}`;
      batchIds.push(batchId);
      const at = Date.parse(date) + b * 300_000;
      await journal.append(
        `batch-${batchId}`,
        [
          {
            type: 'BatchStored',
            data: {
              batchId,
              recordCount: 8_000,
              messageCount: 8_000,
              duplicatesDropped: 0,
              byDate: { [date]: 8_000 },
              storedAt: at,
            },
          },
          { type: 'BatchPartitioned', data: { batchId, runId: `p-${date}`, partitionedAt: at + 86_400_000 } },
        ],
        'no_stream',
      );
      events += 2;
    }
    const records = PER_DAY * 8_000;
    await journal.append(
      partitionStream(date),
      [
        {
          type: 'PartitionWritten',
          data: {
            date,
            runId: `p-${date}`,
            revision: 1,
            parts: 16,
            partCounts: Array(16).fill(records / 16),
            recordCount: records,
            added: records,
            duplicatesDropped: 0,
            recordsIn: records,
            batchIds: [],
            writtenAt: Date.parse(date) + 86_400_000,
          },
        },
      ],
      'no_stream',
    );
    await journal.append(
      reportStream(date),
      [
        {
          type: 'ReportPublished',
          data: {
            date,
            rowCount: records,
            partitionRevision: 1,
            location: `download/locations-${date}.csv`,
            checksum: 'c',
            publishedAt: Date.parse(date) + 90_000_000,
          },
        },
      ],
      'no_stream',
    );
    events += 2;
  }
  return events;
};

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const main = async (): Promise<void> => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-projection-'));
  const journal = new SqliteEventJournal({ dataDir }, new SystemClock());
  try {
    const events = await fillJournal(journal);
    const projection = new PipelineProjection(journal, DEFAULT_CORE_SETTINGS);
    const loadAtStart = loadLine();
    const started = performance.now();
    const view = await projection.load();
    const loadMs = performance.now() - started;
    const batches = DAYS * PER_DAY;
    if (view.batches.size !== batches)
      throw new Error(`the view holds ${view.batches.size} batches, expected ${batches}`);

    // The same events, read the same way, folded one event at a time.
    const all: LocusEvent[] = [];
    for (const prefix of ['batch-', 'partition-', 'report-']) {
      for (const stream of await journal.listStreams(prefix))
        all.push(...(await journal.readStream(stream)).events);
    }
    let oneByOneMs: number | undefined;
    if (batches <= ONE_BY_ONE_MAX_BATCHES) {
      const t = performance.now();
      const old: PipelineView = all.reduce(evolvePipelineView, emptyPipelineView());
      oneByOneMs = performance.now() - t;
      if (old.batches.size !== batches) throw new Error('the one-by-one fold lost batches');
    }
    const lines = [
      '### The pipeline view over many days of journal',
      '',
      `\`npm run bench:projection\` (DAYS=${DAYS}) — ${machineLine()}, load ${loadAtStart}`,
      '',
      `A SQLite journal of ${DAYS} days × ${PER_DAY} batches (${batches.toLocaleString('en-US')} batch streams, ${events.toLocaleString('en-US')} events), each batch stored and partitioned, each day partitioned and reported.`,
      '',
      '| | time |',
      '| --- | ---: |',
      `| \`PipelineProjection.load()\`: every stream read, one fold | ${secs(loadMs)} |`,
      oneByOneMs === undefined
        ? `| the same events folded one at a time (as before) | not run above ${ONE_BY_ONE_MAX_BATCHES.toLocaleString('en-US')} batches |`
        : `| the same events folded one at a time, as \`load()\` did before (fold only, reads not counted) | ${secs(oneByOneMs)} |`,
    ];
    console.log(lines.join('\n'));
    if (process.env.WRITE !== '0') writeBenchmarkSection('projection', lines.join('\n'));
  } finally {
    await journal.close?.();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
