import fs, { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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

  it('keeps the process running when its lines cannot be written, and says so once', () => {
    const readOnly = openSync(file, 'r');
    const said: string[] = [];
    log = createLogger({
      level: 'info',
      buffered: true,
      fd: readOnly,
      onWriteFailure: (text) => said.push(text),
    });
    const destination = (log as unknown as Record<symbol, { flush(): void }>)[pino.symbols.streamSym];
    for (let n = 1; n <= 60; n += 1) log.info({ requestId: `req-${n}` }, 'request');
    // The periodic flush runs this from a timer, where a throw would end the process.
    expect(() => destination?.flush()).not.toThrow();
    expect(() => log?.flush()).not.toThrow();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/cannot be written.*EBADF/);
  });

  it('drops lines past a bound while they cannot be written, so memory does not grow', () => {
    const readOnly = openSync(file, 'r');
    log = createLogger({ level: 'info', buffered: true, fd: readOnly, onWriteFailure: () => undefined });
    const destination = (log as unknown as Record<symbol, { _len: number }>)[pino.symbols.streamSym];
    const padding = 'x'.repeat(1000);
    for (let n = 1; n <= 40_000; n += 1) log.info({ requestId: `req-${n}`, padding }, 'request');
    expect(destination?._len).toBeLessThanOrEqual(16 * 2 ** 20);
  });

  it('a line log (not buffered) whose stream fails does not throw into the caller', () => {
    const readOnly = openSync(file, 'r');
    const said: string[] = [];
    log = createLogger({ level: 'info', fd: readOnly, onWriteFailure: (text) => said.push(text) });
    expect(() => log?.info('a line')).not.toThrow();
    expect(() => log?.info('another line')).not.toThrow();
    expect(said).toHaveLength(1);
  });

  it("says it on stderr by default, never on stdout, which carries a command's output", () => {
    const readOnly = openSync(file, 'r');
    const writes = jest.spyOn(fs, 'writeSync');
    try {
      log = createLogger({ level: 'info', buffered: true, fd: readOnly });
      for (let n = 1; n <= 60; n += 1) log.info({ requestId: `req-${n}` }, 'request');
      log.flush();
      const said = writes.mock.calls.filter(([fd]) => fd === 1 || fd === 2);
      expect(said).toEqual([[2, expect.stringMatching(/log lines cannot be written/)]]);
    } finally {
      writes.mockRestore();
    }
  });
});
