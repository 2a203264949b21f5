import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { FakeIo, locus, serveInProcess } from './cli-harness';

describe('locus serve', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-serve-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves until SIGTERM, then stops cleanly with exit code 0 and journals the accepted counts', async () => {
    const env = { LOCUS_DATA_DIR: dataDir, PORT: '0', LOCUS_STORE_EVERY: '24h', LOCUS_TIMEZONE: 'UTC' };
    const io = new FakeIo(env);
    const { serving, listening, url } = await serveInProcess(io);
    expect(listening).toEqual(
      expect.objectContaining({
        profile: 'local',
        dataDir,
        storeEvery: '1d',
        dailyAt: '00:05',
        timeZone: 'UTC',
      }),
    );
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const timestamp = new Date(Date.now() - 60_000).toISOString();
    const posted = await fetch(`${url}/locations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'dev-1', latitude: 48.858844, longitude: 2.294351, timestamp }),
    });
    expect(posted.status).toBe(202);
    const health = (await (await fetch(`${url}/health`)).json()) as { queue: { ready: number } };
    expect(health.queue.ready).toBe(1);

    io.signal('SIGTERM');
    expect(await serving).toBe(0);
    expect(io.logs().map((line) => line.msg)).toEqual(
      expect.arrayContaining(['stopping: finishing the requests in flight', 'stopped']),
    );
    expect(io.stderrText).not.toContain('48.858844');
    await expect(fetch(`${url}/health`)).rejects.toThrow();

    const day = await locus(
      { LOCUS_DATA_DIR: dataDir },
      'status',
      '--date',
      timestamp.slice(0, 10),
      '--json',
    );
    expect(JSON.parse(day.stdout)).toEqual(expect.objectContaining({ accepted: 1, stored: 0 }));
  });

  it('finishes the requests in flight when it is told to stop', async () => {
    const env = { LOCUS_DATA_DIR: dataDir, PORT: '0', LOCUS_STORE_EVERY: '24h', LOCUS_LOG_LEVEL: 'warn' };
    const io = new FakeIo({ ...env, LOCUS_LOG_LEVEL: 'info' });
    const { serving, url } = await serveInProcess(io);
    const timestamp = new Date(Date.now() - 60_000).toISOString();
    let answered = 0;
    const posts = Array.from({ length: 40 }, (_, i) =>
      fetch(`${url}/locations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: `dev-${i}`, latitude: 1, longitude: 2, timestamp }),
      }).then(
        (response) => {
          answered++;
          return response.status;
        },
        () => 'not connected',
      ),
    );
    await eventually(
      async () => answered,
      (n) => n >= 1,
      { timeoutMs: 10_000, intervalMs: 1 },
    );
    io.signal('SIGTERM');
    const outcomes = await Promise.all(posts);
    expect(await serving).toBe(0);

    const accepted = outcomes.filter((outcome) => outcome === 202).length;
    expect(
      outcomes.filter((outcome) => outcome !== 202 && outcome !== 503 && outcome !== 'not connected'),
    ).toEqual([]);
    const status = await locus(env, 'status', '--json');
    expect(JSON.parse(status.stdout).queue.ready).toBe(accepted);
  });
});
