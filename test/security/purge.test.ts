import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PartitionService, ReportService, StoreService } from '../../src/application';
import { PurgeService } from '../../src/application/security/purge-service';
import { TOKENS } from '../../src/application/tokens';
import { runRetention } from '../../src/cli/serve/serve-security';
import { type CliRoot, cliSecuritySettings, createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { type LocationRecord, PURGE_STREAM } from '../../src/domain';
import { tempDataDir } from '../adapters/local/temp-data-dir';
import { ManualClock } from '../support/manual-clock';
import { readReport } from '../support/memory-ports';
import { aRecord } from '../support/records';

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);
const DAY = '2026-11-28';
const EARLIER = '2026-11-27';
const at = (date: string, minute: number): number =>
  Date.parse(`${date}T10:${String(minute).padStart(2, '0')}:00.000Z`);

const makeRoot = async (env: Record<string, string>): Promise<CliRoot> => {
  const config = readLocusConfig({ env, cwd: process.cwd() });
  const root = await createCliRoot(config, { clock: new ManualClock(NOW) });
  return root;
};

const enqueue = (root: CliRoot, records: LocationRecord[]) => root.get(TOKENS.queue).enqueue(records);

const reportText = async (root: CliRoot, date: string): Promise<string> =>
  (await readReport(root.get(TOKENS.reports), date)) ?? '';

const reportIds = (text: string, device?: string): string[] =>
  text
    .trimEnd()
    .split('\r\n')
    .slice(1)
    .filter((line) => device === undefined || line.split(',')[1] === device)
    .map((line) => line.split(',')[0] as string);

/** Every file under the data folder's object areas that mentions `text`. */
const filesMentioning = async (dataDir: string, text: string): Promise<string[]> => {
  const found: string[] = [];
  for (const area of ['work', 'archive', 'quarantine', 'storage', 'download']) {
    const dir = path.join(dataDir, area);
    const names = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
    for (const name of names) {
      const file = path.join(dir, String(name));
      if ((await fs.stat(file)).isFile() && (await fs.readFile(file, 'utf8')).includes(text))
        found.push(file);
    }
  }
  return found;
};

describe('locus purge, on the local profile', () => {
  let temp: Awaited<ReturnType<typeof tempDataDir>>;
  let root: CliRoot;

  beforeEach(async () => {
    temp = await tempDataDir();
    root = await makeRoot({ LOCUS_PROFILE: 'local', LOCUS_DATA_DIR: temp.dataDir });
  });

  afterEach(async () => {
    await root.close();
    await temp.remove();
  });

  it("removes a device from the queue, batches, partitions and reports; the day's CSV keeps everyone else once", async () => {
    const kept: LocationRecord[] = [];
    const victim = (date: string, minute: number) =>
      aRecord({ deviceId: 'victim-7', recordedAt: at(date, minute) });
    const other = (device: string, date: string, minute: number) => {
      const record = aRecord({ deviceId: device, recordedAt: at(date, minute) });
      if (date === DAY) kept.push(record);
      return record;
    };
    // Partitioned, archived and reported.
    await enqueue(root, [
      victim(DAY, 1),
      other('keep-1', DAY, 1),
      victim(EARLIER, 2),
      other('keep-2', EARLIER, 2),
    ]);
    await enqueue(root, [other('keep-2', DAY, 3), victim(DAY, 3)]);
    await root.get(StoreService).run();
    await root.get(PartitionService).run();
    await root.get(ReportService).run(DAY);
    await root.get(ReportService).run(EARLIER);
    // Stored, not yet partitioned.
    await enqueue(root, [victim(DAY, 4), other('keep-1', DAY, 4)]);
    await root.get(StoreService).run();
    // Still on the queue.
    await enqueue(root, [victim(DAY, 5)]);
    await enqueue(root, [other('keep-3', DAY, 5), victim(DAY, 6), other('keep-1', DAY, 6)]);
    expect(reportIds(await reportText(root, DAY), 'victim-7')).toHaveLength(2);

    const outcome = await root
      .get(PurgeService)
      .purge({ deviceId: 'victim-7', before: null, reason: 'request' });

    expect(outcome.removed).toEqual({ queue: 2, batches: 4, partitions: 3, reports: 3, rejected: 0 });
    expect(outcome.dates).toEqual([EARLIER, DAY]);
    expect((await root.get(TOKENS.journal).readStream(PURGE_STREAM)).events).toEqual([
      {
        type: 'DeviceRecordsPurged',
        data: expect.objectContaining({ deviceId: 'victim-7', reason: 'request' }),
      },
    ]);
    expect(await filesMentioning(temp.dataDir, 'victim-7')).toEqual([]);
    expect(await reportText(root, EARLIER)).not.toContain('victim-7');

    // The pipeline goes on: the day's CSV holds every other record exactly once, and no victim.
    await root.get(StoreService).run();
    await root.get(PartitionService).run();
    await root.get(ReportService).run(DAY);
    const text = await reportText(root, DAY);
    expect(text).not.toContain('victim-7');
    const ids = reportIds(text);
    expect(ids.sort()).toEqual(kept.map((r) => r.recordId).sort());
    expect(await filesMentioning(temp.dataDir, 'victim-7')).toEqual([]);
  });

  it('is idempotent: a second purge finds nothing and changes no report', async () => {
    await enqueue(root, [
      aRecord({ deviceId: 'victim-7', recordedAt: at(DAY, 1) }),
      aRecord({ deviceId: 'k', recordedAt: at(DAY, 2) }),
    ]);
    await root.get(StoreService).run();
    await root.get(PartitionService).run();
    await root.get(ReportService).run(DAY);
    await root.get(PurgeService).purge({ deviceId: 'victim-7', before: null, reason: 'request' });
    const before = await reportText(root, DAY);
    const again = await root
      .get(PurgeService)
      .purge({ deviceId: 'victim-7', before: null, reason: 'request' });
    expect(again.removed).toEqual({ queue: 0, batches: 0, partitions: 0, reports: 0, rejected: 0 });
    expect(again.dates).toEqual([]);
    expect(await reportText(root, DAY)).toBe(before);
  });

  it('refuses to run while a partition run holds the lock', async () => {
    const lock = root.get(TOKENS.lock);
    expect(await lock.acquire('partition', 'someone', 60_000)).toBe(true);
    await expect(
      root.get(PurgeService).purge({ deviceId: 'x', before: null, reason: 'request' }),
    ).rejects.toThrow('another partition run holds the lock: run someone');
  });
});

describe('purge and retention, on the memory profile', () => {
  let root: CliRoot;

  afterEach(async () => {
    await root.close();
  });

  it('with --before, removes only the records dated before that day', async () => {
    root = await makeRoot({ LOCUS_PROFILE: 'memory' });
    await enqueue(root, [
      aRecord({ deviceId: 'v', recordedAt: at(EARLIER, 1) }),
      aRecord({ deviceId: 'v', recordedAt: at(DAY, 1) }),
      aRecord({ deviceId: 'k', recordedAt: at(EARLIER, 1) }),
    ]);
    await root.get(StoreService).run();
    await root.get(PartitionService).run();
    await root.get(ReportService).run(EARLIER);
    await root.get(ReportService).run(DAY);
    const outcome = await root.get(PurgeService).purge({ deviceId: 'v', before: DAY, reason: 'request' });
    expect(outcome.removed).toEqual({ queue: 0, batches: 1, partitions: 1, reports: 1, rejected: 0 });
    expect(await reportText(root, EARLIER)).not.toContain(',v,');
    expect(await reportText(root, EARLIER)).toContain(',k,');
    expect(await reportText(root, DAY)).toContain(',v,');
  });

  it('deletes every record older than LOCUS_RETENTION_DAYS', async () => {
    root = await makeRoot({ LOCUS_PROFILE: 'memory', LOCUS_RETENTION_DAYS: '2' });
    const old = aRecord({ deviceId: 'a', recordedAt: at('2026-11-26', 1) });
    const recent = aRecord({ deviceId: 'b', recordedAt: at(EARLIER, 1) });
    await enqueue(root, [old, recent]);
    await root.get(StoreService).run();
    await root.get(PartitionService).run();
    const outcome = await runRetention(root.container, cliSecuritySettings(root.config));
    expect(outcome).toEqual(
      expect.objectContaining({ deviceId: null, before: EARLIER, reason: 'retention' }),
    );
    expect(outcome?.removed.partitions).toBe(1);
    const partitions = root.get(TOKENS.partitions);
    const remaining: string[] = [];
    for (const date of await partitions.listDates()) {
      for (const part of await partitions.listParts(date)) {
        for await (const chunk of partitions.readPart(part)) remaining.push(...chunk.map((r) => r.recordId));
      }
    }
    expect(remaining).toEqual([recent.recordId]);
  });
});
