import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createLogger, type Logger } from '../../../src/adapters/logging/create-logger';
import { eventually } from '../../../src/testing/eventually';

describe('a buffered log (the access log)', () => {
  let dir: string;
  let fd: number;
  let file: string;
  let log: Logger | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'locus-log-'));
    file = path.join(dir, 'access.log');
    fd = openSync(file, 'a');
  });

  afterEach(async () => {
    // The destination closes the file and stops its flush timer (it outlives the test otherwise).
    const destination = (
      log as unknown as Record<symbol, { destroy(): void; once(e: string, f: () => void): void }>
    )[pino.symbols.streamSym];
    const closed = new Promise<void>((resolve) => destination?.once('close', resolve));
    destination?.destroy();
    await closed;
    log = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = (): string[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '');

  it('gathers lines into writes of about 4 KiB', () => {
    log = createLogger({ level: 'info', buffered: true, fd });
    log.info({ requestId: 'req-1' }, 'request');
    expect(lines()).toEqual([]);
    for (let n = 2; n <= 60; n += 1) log.info({ requestId: `req-${n}` }, 'request');
    const written = lines();
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(60);
    expect(JSON.parse(written[0] as string)).toEqual(expect.objectContaining({ requestId: 'req-1' }));
    log.flush();
    expect(lines()).toHaveLength(60);
  });

  it('writes a quiet server line within about a second, without a flush', async () => {
    log = createLogger({ level: 'info', buffered: true, fd });
    log.info({ requestId: 'req-1', route: '/locations', status: 202 }, 'request');
    expect(lines()).toEqual([]);
    const written = await eventually(
      async () => lines(),
      (found) => found.length === 1,
      { timeoutMs: 5_000 },
    );
    expect(JSON.parse(written[0] as string)).toEqual(
      expect.objectContaining({ requestId: 'req-1', status: 202, msg: 'request' }),
    );
  });
});
