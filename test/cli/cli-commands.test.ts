import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReceiveService } from '../../src/application';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { locus } from './cli-harness';

const recent = (hoursAgo: number): string => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();

describe('the locus command on the local profile', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-cli-'));
    env = { LOCUS_DATA_DIR: dataDir, LOCUS_TIMEZONE: 'Asia/Tokyo', LOCUS_LOG_LEVEL: 'warn' };
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Accepts locations as the server would, straight into the local queue. */
  const accept = async (locations: Record<string, unknown>[]): Promise<string[]> => {
    const root = await createCliRoot(readLocusConfig({ env, cwd: process.cwd() }));
    try {
      const outcome = await root
        .get(ReceiveService)
        .accept({ locations }, { requestId: 'test', receivedAt: Date.now() });
      if (outcome.kind !== 'accepted') throw new Error(outcome.message);
      return [...outcome.ids];
    } finally {
      await root.close();
    }
  };

  it('reports an empty pipeline', async () => {
    const run = await locus(env, 'status');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`data ${dataDir}, zone Asia/Tokyo`);
    expect(run.stdout).toMatch(/queue +0 ready, 0 leased, 0 quarantined/);
    expect(run.stdout).toMatch(/partitions +none/);
  });

  it('runs store, partition, report, query and status one after the other', async () => {
    const at = recent(30);
    const ids = await accept([
      { deviceId: 'dev-a', latitude: 35.1, longitude: 139.1, timestamp: at },
      { deviceId: 'dev-b', latitude: -33.9, longitude: 151.2, timestamp: at, accuracy: 4 },
      { deviceId: 'dev-a', latitude: 35.1, longitude: 139.1, timestamp: at },
    ]);
    expect(new Set(ids).size).toBe(2);

    const store = await locus(env, 'store', '--json');
    expect(store.code).toBe(0);
    expect(JSON.parse(store.stdout)).toEqual(
      expect.objectContaining({ recordCount: 2, duplicatesDropped: 1 }),
    );

    const partition = await locus(env, 'partition', '--json');
    expect(partition.code).toBe(0);
    const [dated] = JSON.parse(partition.stdout).dates;
    expect(dated).toEqual(expect.objectContaining({ added: 2, recordCount: 2, parts: 1 }));

    const report = await locus(env, 'report', '--date', dated.date);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(
      new RegExp(`^report ${dated.date}: 2 rows, \\d+ bytes, from partition revision 1`),
    );
    expect(report.stdout).toMatch(new RegExp(`parquet: [\\d,]+ bytes → .*locations-${dated.date}\\.parquet`));

    const query = await locus(
      env,
      'query',
      'SELECT device_id, count(*) AS n FROM locations GROUP BY 1 ORDER BY 1',
    );
    expect(query.code).toBe(0);
    expect(query.stdout).toBe('device_id,n\r\ndev-a,1\r\ndev-b,1\r\n');

    const reports = await locus(
      env,
      'query',
      'SELECT dt, device_id, latitude, accuracy, typeof(recorded_at) AS t FROM reports ORDER BY device_id',
    );
    expect(reports.code).toBe(0);
    expect(reports.stdout).toBe(
      `dt,device_id,latitude,accuracy,t\r\n${dated.date},dev-a,35.1,,TIMESTAMP WITH TIME ZONE\r\n` +
        `${dated.date},dev-b,-33.9,4,TIMESTAMP WITH TIME ZONE\r\n`,
    );

    const day = await locus(env, 'status', '--date', dated.date, '--json');
    expect(JSON.parse(day.stdout)).toEqual(
      expect.objectContaining({ stored: 2, batches: 1, partitioned: 2, reported: 2, reportCurrent: true }),
    );

    const status = await locus(env, 'status');
    expect(status.stdout).toMatch(new RegExp(`${dated.date} +2 records +1 part +revision 1`));
    expect(status.stdout).toMatch(new RegExp(`${dated.date} +2 rows +current`));
    expect(status.stdout).toContain('ReportPublished');
  });

  it('says so when there is nothing to do', async () => {
    expect((await locus(env, 'store')).stdout).toBe('the queue is empty: nothing to store\n');
    expect((await locus(env, 'partition')).stdout).toBe('no pending batch: nothing to partition\n');
  });

  it('runs the daily run for a given date, storing the queue first', async () => {
    await accept([{ deviceId: 'dev-c', latitude: 1, longitude: 2, timestamp: recent(48) }]);
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
      new Date(Date.now() - 48 * 3_600_000),
    );
    const run = await locus(env, 'daily', '--date', date, '--json');
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome.store.recordCount).toBe(1);
    expect(outcome.reports[0]).toEqual(expect.objectContaining({ date, rowCount: 1 }));
  });

  it('refuses to query partitions that are not local', async () => {
    const run = await locus({ ...env, LOCUS_ADAPTER_PARTITIONS: 'memory' }, 'query', 'SELECT 1');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /locus query reads the local partitions, but the partitions adapter is memory/,
    );
  });

  it('gives DuckDB the memory LOCUS_QUERY_MEMORY names, and refuses a size that is not one', async () => {
    const setting = "SELECT current_setting('memory_limit') AS m";
    const byDefault = await locus(env, 'query', setting);
    expect(byDefault.stdout).toBe('m\r\n183.1 MiB\r\n');
    const larger = await locus({ ...env, LOCUS_QUERY_MEMORY: '300MiB' }, 'query', setting);
    expect(larger.stdout).toBe('m\r\n300.0 MiB\r\n');
    const refused = await locus({ ...env, LOCUS_QUERY_MEMORY: '1MB' }, 'query', setting);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('LOCUS_QUERY_MEMORY "1MB" is not a size of at least 128MiB');
  });

  it('prints a failed query with its reason and exit code 1', async () => {
    const run = await locus(env, 'query', 'SELEKT nothing');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^locus: the query failed: .*syntax error/);
  });
});

describe('the locus command line', () => {
  it('stops with exit code 2 and names the bad setting', async () => {
    const run = await locus({ LOCUS_PROFILE: 'memory', LOCUS_STORE_EVERY: 'often' }, 'status');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('LOCUS_STORE_EVERY "often" is not a duration');
  });

  it('stops with exit code 2 on a bad command line', async () => {
    const noDate = await locus({ LOCUS_PROFILE: 'memory' }, 'report');
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toContain("required option '--date <date>' not specified");
    const badDate = await locus({ LOCUS_PROFILE: 'memory' }, 'status', '--date', '2026-02-30');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('"2026-02-30" is not a date of the form YYYY-MM-DD');
    expect((await locus({}, 'frobnicate')).code).toBe(2);
  });

  it('prints help with exit code 0', async () => {
    const run = await locus({}, '--help');
    expect(run.code).toBe(0);
    for (const command of ['serve', 'store', 'partition', 'report', 'daily', 'query', 'status']) {
      expect(run.stdout).toContain(command);
    }
  });

  it('reads a config file given with --config', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'locus-cli-config-'));
    try {
      const file = path.join(dir, 'locus.json');
      await writeFile(file, JSON.stringify({ profile: 'memory', timezone: 'Europe/Paris' }));
      const run = await locus({}, '--config', file, 'status', '--json');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).timeZone).toBe('Europe/Paris');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
