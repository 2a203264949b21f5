import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKENS } from '../../src/application/tokens';
import { locus } from '../cli/cli-harness';
import { type HttpFixture, httpFixture } from '../http/http-fixture';

const env = { LOCUS_PROFILE: 'memory' };

describe('locus simulate', () => {
  let fixture: HttpFixture | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const server = async () => {
    fixture = await httpFixture({}, { clock: { now: () => Date.now() } });
    return fixture;
  };

  const stored = async (f: HttpFixture): Promise<Set<string>> =>
    new Set(
      (await f.root.get(TOKENS.queue).lease(10_000, 60_000)).flatMap((m) => m.records.map((r) => r.recordId)),
    );

  it('writes the records it got 202 for to --out, each of them stored', async () => {
    const f = await server();
    dir = await mkdtemp(join(tmpdir(), 'locus-simulate-'));
    const out = join(dir, 'accepted.json');
    const run = await locus(
      env,
      'simulate',
      ...['--url', f.base, '--format', 'owntracks', '--devices', '3', '--rate', '40', '--duration', '500ms'],
      ...['--drain', '3s', '--out', out],
    );
    expect(run.stderr).toContain('records accepted');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ accepted record\(s\) written to .*accepted\.json\n$/);
    const document = JSON.parse(await readFile(out, 'utf8'));
    expect(document).toEqual(
      expect.objectContaining({
        url: f.base,
        format: 'owntracks',
        devices: 3,
        accepted: document.records.length,
      }),
    );
    expect(document.records.length).toBeGreaterThan(5);
    expect(document.records[0]).toEqual({
      recordId: expect.stringMatching(/^[0-9a-f]{32}$/),
      deviceId: expect.stringMatching(/^locus:sim-000[1-3]$/),
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const ids = await stored(f);
    for (const record of document.records) expect(ids.has(record.recordId)).toBe(true);
  });

  it('prints the accepted records as JSON on stdout without --out', async () => {
    const f = await server();
    const run = await locus(
      env,
      'simulate',
      '--url',
      `${f.base}/`,
      '--format',
      'osmand',
      '--duration',
      '300ms',
      '--rate',
      '30',
    );
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.url).toBe(f.base);
    expect(document.records.length).toBe(document.accepted);
    expect(document.records.length).toBeGreaterThan(0);
  });

  it('exits 1 when no request was answered 202', async () => {
    const f = await server();
    const base = f.base;
    await f.close();
    fixture = undefined;
    const run = await locus(
      env,
      'simulate',
      '--url',
      base,
      '--duration',
      '200ms',
      '--drain',
      '300ms',
      '--rate',
      '20',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('network:');
    expect(JSON.parse(run.stdout).unconfirmed).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown format', ['--format', 'gpx']],
    ['a rate of 0', ['--rate', '0']],
    ['a duration without a unit', ['--duration', '5']],
    ['a URL that is not http', ['--url', 'ftp://example.org']],
    ['a probability over 1', ['--offline', '1.5']],
  ])('refuses %s (exit 2)', async (_name, args) => {
    const run = await locus(env, 'simulate', ...args);
    expect(run.code).toBe(2);
  });
});
