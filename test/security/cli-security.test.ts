import { tempDataDir } from '../adapters/local/temp-data-dir';
import { FakeIo, locus, serveInProcess } from '../cli/cli-harness';

describe('locus token, report-url, purge and serve on the local profile', () => {
  let temp: Awaited<ReturnType<typeof tempDataDir>>;
  let env: Record<string, string>;

  beforeEach(async () => {
    temp = await tempDataDir();
    env = { LOCUS_DATA_DIR: temp.dataDir, PORT: '0', LOCUS_STORE_EVERY: '24h', LOCUS_LOG_LEVEL: 'warn' };
  });

  afterEach(async () => {
    await temp.remove();
  });

  it('creates, lists and revokes tokens; the secret is printed once and never listed', async () => {
    const created = await locus(
      env,
      'token',
      'create',
      '--label',
      'fleet-a',
      '--device',
      'phone-1',
      'phone-2',
      '--json',
    );
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout) as {
      id: string;
      token: string;
      devices: string[];
      scope: string;
    };
    expect(token).toEqual(expect.objectContaining({ scope: 'ingest', devices: ['phone-1', 'phone-2'] }));
    expect(token.token).toMatch(new RegExp(`^${token.id}\\.`));

    const listed = await locus(env, 'token', 'list');
    expect(listed.stdout).toContain(`${token.id}  ingest    active`);
    expect(listed.stdout).toContain('devices: phone-1, phone-2');
    expect(listed.stdout).not.toContain(token.token.split('.')[1]);

    expect((await locus(env, 'token', 'revoke', token.id)).stdout).toBe(`revoked ${token.id} (fleet-a)\n`);
    expect((await locus(env, 'token', 'list', '--json')).stdout).toContain('"revokedAt": ');
    const unknown = await locus(env, 'token', 'revoke', 'zzzzzzzzzzzz');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no token zzzzzzzzzzzz');
  });

  it('refuses to serve on a public address without a device token, naming both ways out', async () => {
    const refused = await locus({ ...env, LOCUS_HOST: '0.0.0.0' }, 'serve');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('locus token create');
    expect(refused.stderr).toContain('LOCUS_AUTH=off');
  });

  it('serves on a public address once a token exists, and hands out signed links it accepts', async () => {
    const created = JSON.parse((await locus(env, 'token', 'create', '--label', 'a', '--json')).stdout) as {
      token: string;
    };
    const io = new FakeIo({ ...env, LOCUS_HOST: '0.0.0.0', LOCUS_LOG_LEVEL: 'info' });
    const { serving, listening, url } = await serveInProcess(io);
    try {
      expect(listening).toEqual(expect.objectContaining({ auth: 'on', downloads: 'private' }));
      const port = new URL(url).port;
      const base = `http://127.0.0.1:${port}`;
      const body = JSON.stringify({
        deviceId: 'dev-1',
        latitude: 1,
        longitude: 2,
        timestamp: new Date(Date.now() - 60_000).toISOString(),
      });
      const post = (headers: Record<string, string>) =>
        fetch(`${base}/locations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: `Bearer ${created.token}` })).status).toBe(202);
      expect((await fetch(`${base}/reports/2026-11-28.csv`)).status).toBe(401);

      const link = await locus(
        { ...env, LOCUS_PUBLIC_URL: base },
        'report-url',
        '--date',
        '2026-11-28',
        '--expires',
        '15m',
      );
      expect(link.code).toBe(0);
      expect(link.stdout).toMatch(
        new RegExp(`^${base}/reports/2026-11-28\\.csv\\?expires=\\d+&signature=[A-Za-z0-9_-]+\\n$`),
      );
      // Signed and accepted: no report was made yet, so the server answers 404, not 401/403.
      expect((await fetch(link.stdout.trim())).status).toBe(404);
      const tooLong = await locus(env, 'report-url', '--date', '2026-11-28', '--expires', '30d');
      expect(tooLong.code).toBe(2);
      const lines = io.stderrText;
      expect(lines).not.toMatch(/"latitude"|"longitude"/);
    } finally {
      io.signal();
      expect(await serving).toBe(0);
    }
  });

  it('purges a device through the command line and reports what went', async () => {
    const tokenless = { ...env };
    const purge = await locus(tokenless, 'purge', '--device', 'phone-9', '--before', '2026-11-28', '--json');
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toEqual(
      expect.objectContaining({
        deviceId: 'phone-9',
        before: '2026-11-28',
        removed: { queue: 0, batches: 0, partitions: 0, reports: 0, rejected: 0 },
      }),
    );
    const nothing = await locus(env, 'purge');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('name a device');
    const noRetention = await locus(env, 'purge', '--retention');
    expect(noRetention.stderr).toContain('LOCUS_RETENTION_DAYS');
  });
});
