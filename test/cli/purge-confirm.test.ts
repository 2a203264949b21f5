import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReceiveService } from '../../src/application';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { FakeIo, locus, locusOn } from './cli-harness';

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();

describe('purging every device, and reconciling a day', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-purge-'));
    env = { LOCUS_DATA_DIR: dataDir, LOCUS_LOG_LEVEL: 'warn' };
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Accepts locations straight into the local queue; their record ids and recorded times. */
  const accept = async (locations: Record<string, unknown>[]) => {
    const root = await createCliRoot(readLocusConfig({ env, cwd: process.cwd() }));
    try {
      const outcome = await root
        .get(ReceiveService)
        .accept({ locations }, { requestId: 't', receivedAt: Date.now() });
      if (outcome.kind !== 'accepted') throw new Error(outcome.message);
      return outcome.ids.map((recordId, i) => ({
        recordId,
        deviceId: locations[i]?.deviceId,
        recordedAt: new Date(String(locations[i]?.timestamp)).toISOString(),
      }));
    } finally {
      await root.close();
    }
  };

  const seedDay = async () => {
    const at = daysAgo(3);
    const records = await accept([
      { deviceId: 'dev-a', latitude: 1, longitude: 2, timestamp: at },
      { deviceId: 'dev-b', latitude: 3, longitude: 4, timestamp: at },
    ]);
    const date = at.slice(0, 10);
    expect((await locus(env, 'daily', '--date', date)).code).toBe(0);
    return { date, records };
  };

  const partitioned = async (date: string) =>
    JSON.parse((await locus(env, 'status', '--date', date, '--json')).stdout).partitioned;

  it('shows a dry run, refuses without a terminal, asks on one, and erases with --yes', async () => {
    const { date } = await seedDay();
    const before = daysAgo(0).slice(0, 10);

    const dry = await locus(env, 'purge', '--before', before, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      `would erase every device's records dated before ${before}: 2 partitioned records in 1 date(s)`,
    );
    expect(dry.stdout).toMatch(new RegExp(`${date} +2 records`));
    expect(await partitioned(date)).toBe(2);

    const noTerminal = await locus(env, 'purge', '--before', before);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('there is no terminal to confirm it');
    expect(await partitioned(date)).toBe(2);

    const declined = new FakeIo(env);
    declined.stdinIsTTY = true;
    declined.answer = 'no';
    const no = await locusOn(declined, 'purge', '--before', before);
    expect(no.code).toBe(1);
    expect(declined.asked[0]).toContain('Erase them? Type yes to go on');
    expect(no.stderr).toContain('nothing was erased');
    expect(await partitioned(date)).toBe(2);

    const agreed = new FakeIo(env);
    agreed.stdinIsTTY = true;
    agreed.answer = 'yes';
    expect((await locusOn(agreed, 'purge', '--before', before)).code).toBe(0);
    expect(await partitioned(date)).toBe(0);
  });

  it('erases with --yes without asking, and a single device without --yes', async () => {
    const { date } = await seedDay();
    expect((await locus(env, 'purge', '--device', 'dev-a')).code).toBe(0);
    expect(await partitioned(date)).toBe(1);
    expect((await locus(env, 'purge', '--before', daysAgo(0).slice(0, 10), '--yes')).code).toBe(0);
    expect(await partitioned(date)).toBe(0);
  });

  it('draws step progress bars on a terminal only', async () => {
    await accept([{ deviceId: 'dev-a', latitude: 1, longitude: 2, timestamp: daysAgo(1) }]);
    const terminal = new FakeIo(env);
    terminal.stderrIsTTY = true;
    const run = await locusOn(terminal, 'store');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/storing \[.*\] 1\/1/);
    const daily = await locusOn(terminal, 'daily', '--date', daysAgo(1).slice(0, 10));
    expect(daily.stderr).toMatch(/storing, partitioning, reporting .*\] 1\/1/);
    const piped = await locus(env, 'report', '--date', daysAgo(1).slice(0, 10));
    expect(piped.stderr).toBe('');
  });

  it('reconciles the accepted file against the day: every id once, else exit 1', async () => {
    const { date, records } = await seedDay();
    const file = path.join(dataDir, 'accepted.json');
    await writeFile(file, JSON.stringify({ accepted: records.length, records }));
    const ok = await locus(env, 'reconcile', file, '--date', date);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${date}  2/2 accepted records found once ✓\n`);

    const missing = { recordId: 'f'.repeat(32), deviceId: 'dev-z', recordedAt: records[0]?.recordedAt };
    await writeFile(file, JSON.stringify({ records: [...records, missing] }));
    const short = await locus(env, 'reconcile', file, '--json');
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout).dates).toEqual([
      expect.objectContaining({ date, accepted: 3, foundOnce: 2, missing: ['f'.repeat(32)], duplicated: [] }),
    ]);

    const otherDay = await locus(env, 'reconcile', file, '--date', '2020-01-01');
    expect(otherDay.code).toBe(1);
    expect(otherDay.stdout).toContain('2020-01-01  0/0 accepted records found once: no report for this date');

    await writeFile(file, '{"nothing": true}');
    const wrong = await locus(env, 'reconcile', file);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a file written by locus simulate --out');
  });
});
