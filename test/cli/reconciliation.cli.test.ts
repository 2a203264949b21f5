import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SqliteRunLock } from '../../src/adapters/local/sqlite-run-lock';
import { SystemClock } from '../../src/adapters/system/system-clock';
import { ReceiveService } from '../../src/application';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { locus } from './cli-harness';

const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('reports are published only when they reconcile (local profile, as a user runs locus)', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-reconcile-'));
    env = { LOCUS_DATA_DIR: dataDir, LOCUS_TIMEZONE: 'UTC', LOCUS_LOG_LEVEL: 'silent' };
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Accepts `count` locations of two days ago (a date that has ended), as the server would. */
  const accept = async (count: number, device = 'dev-a'): Promise<string> => {
    const at = hoursAgo(48);
    const root = await createCliRoot(readLocusConfig({ env, cwd: process.cwd() }));
    try {
      const locations = Array.from({ length: count }, (_, i) => ({
        deviceId: `${device}-${i % 3}`,
        latitude: 35 + i / 1000,
        longitude: 139,
        timestamp: new Date(Date.parse(at) + i * 1000).toISOString(),
      }));
      const outcome = await root
        .get(ReceiveService)
        .accept({ locations }, { requestId: 't', receivedAt: Date.now() });
      if (outcome.kind !== 'accepted') throw new Error(outcome.message);
      return at.slice(0, 10);
    } finally {
      await root.close();
    }
  };

  const day = async (date: string) =>
    JSON.parse((await locus(env, 'status', '--date', date, '--json')).stdout);
  const reportFile = (date: string) => path.join(dataDir, 'download', `locations-${date}.csv`);

  it('refuses a report over a shortened or removed part, keeps the previous one and leaves the date stale', async () => {
    const date = await accept(40);
    for (const phase of ['store', 'partition']) expect((await locus(env, phase)).code).toBe(0);
    expect((await locus(env, 'report', '--date', date)).code).toBe(0);
    const good = await readFile(reportFile(date), 'utf8');
    expect(good.trimEnd().split('\r\n')).toHaveLength(41);
    expect(await day(date)).toEqual(
      expect.objectContaining({ state: 'current', reported: 40, partitioned: 40 }),
    );

    const folder = path.join(dataDir, 'storage', `dt=${date}`);
    const [part] = await readdir(folder);
    const partFile = path.join(folder, part as string);
    const lines = (await readFile(partFile, 'utf8')).split('\n').filter((line) => line !== '');
    await writeFile(partFile, `${lines.slice(0, 30).join('\n')}\n`);

    const refused = await locus(env, 'report', '--date', date);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/30 rows where partition revision 1 holds 40 records/);
    expect(await readFile(reportFile(date), 'utf8')).toBe(good);
    const after = await day(date);
    expect(after.state).toBe('stale');
    expect(after.reportCurrent).toBe(false);
    expect(after.waiting.join(' ')).toMatch(/the last report run was refused/);

    await unlink(partFile);
    expect((await locus(env, 'report', '--date', date)).code).not.toBe(0);
    expect(await readFile(reportFile(date), 'utf8')).toBe(good);
    expect((await day(date)).state).toBe('stale');
  });

  it('leaves a date stale, never current, when it is reported while its records are still queued', async () => {
    const date = await accept(12);
    const early = await locus(env, 'report', '--date', date);
    expect(early.code).toBe(0);
    expect(early.stdout).toMatch(/is stale/);
    expect(await day(date)).toEqual(expect.objectContaining({ state: 'stale', reportCurrent: false }));
    const listed = await locus(env, 'status');
    expect(listed.stdout).toMatch(new RegExp(`${date} +0 rows +stale \\(no store run has drained the queue`));

    expect((await locus(env, 'store')).code).toBe(0);
    // Stored but not partitioned: still stale, with what waits.
    expect((await day(date)).waiting.join(' ')).toMatch(
      /12 record\(s\) in stored batches wait for the partition phase/,
    );
    expect((await locus(env, 'partition')).code).toBe(0);
    expect((await locus(env, 'report', '--date', date)).code).toBe(0);
    expect(await day(date)).toEqual(expect.objectContaining({ state: 'current', reported: 12 }));
  });

  it('tells an empty date from a current one, and a day with records still to come from both', async () => {
    expect((await locus(env, 'store')).code).toBe(0);
    const emptyDate = hoursAgo(72).slice(0, 10);
    const empty = await locus(env, 'report', '--date', emptyDate, '--json');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual(expect.objectContaining({ rowCount: 0, state: 'empty' }));
    const today = new Date().toISOString().slice(0, 10);
    expect((await day(today)).state).toBe('stale');
  });

  it('names the holder of the partition lock, since when and when its lease ends, when a run is refused', async () => {
    const lock = new SqliteRunLock({ dataDir }, new SystemClock());
    try {
      expect(await lock.acquire('partition', 'run-elsewhere', 10 * 60_000)).toBe(true);
    } finally {
      await lock.close();
    }
    await accept(3);
    expect((await locus(env, 'store')).code).toBe(0);
    const refused = await locus(env, 'partition');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      new RegExp(
        `run run-elsewhere on ${os.hostname()} \\(pid ${process.pid}\\) since \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    expect(refused.stderr).toMatch(/its lease ends at \d{4}-\d\d-\d\dT[\d:.]+Z \(in 10 min\)/);
    expect(refused.stderr).toMatch(/if its process is gone, run partition again after/);
  });
});
