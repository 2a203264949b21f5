import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';
import { FakeIo, locus, serveInProcess } from './cli-harness';

const PACKAGE = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
  version: string;
};

describe('the locus command as a newcomer meets it', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'locus-newcomer-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints its version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await locus({}, flag);
      expect(run).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
    }
  });

  it("points a usage error at the subcommand's own help", async () => {
    const report = await locus({ LOCUS_DATA_DIR: dataDir }, 'report');
    expect(report.code).toBe(2);
    expect(report.stderr).toContain("required option '--date <date>' not specified");
    expect(report.stderr).toContain('(run locus report --help for usage)');
    const create = await locus({ LOCUS_DATA_DIR: dataDir }, 'token', 'create');
    expect(create.stderr).toContain('(run locus token create --help for usage)');
    const purge = await locus({ LOCUS_DATA_DIR: dataDir, LOCUS_LOG_LEVEL: 'warn' }, 'purge');
    expect(purge.code).toBe(2);
    expect(purge.stderr).toContain('(run locus purge --help for usage)');
  });

  it('says where it looks when there is no data folder', async () => {
    const missing = path.join(dataDir, 'nothing-here');
    const run = await locus({ LOCUS_DATA_DIR: missing, LOCUS_LOG_LEVEL: 'warn' }, 'status');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`no data folder at ${missing}`);
    expect(run.stderr).toContain('LOCUS_DATA_DIR');
    const again = await locus({ LOCUS_DATA_DIR: missing, LOCUS_LOG_LEVEL: 'warn' }, 'status');
    expect(again.stderr).not.toContain('no data folder');
  });

  it('serves on --port and --host, shows the running server in status, and refuses a second serve', async () => {
    const io = new FakeIo({ LOCUS_DATA_DIR: dataDir, LOCUS_STORE_EVERY: '24h', PORT: '1' });
    const started = await serveInProcess(io, '--port', '0', '--host', '127.0.0.1');
    const { serving } = started;
    try {
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const status = await locus({ LOCUS_DATA_DIR: dataDir }, 'status');
      expect(status.stdout).toContain(`serve        running at ${started.url} (pid ${process.pid}`);
      const json = JSON.parse((await locus({ LOCUS_DATA_DIR: dataDir }, 'status', '--json')).stdout);
      expect(json.serving).toEqual(expect.objectContaining({ pid: process.pid, url: started.url }));

      const second = new FakeIo({ LOCUS_DATA_DIR: dataDir, PORT: '0' });
      expect(await runCli(['node', 'locus', 'serve'], second)).toBe(2);
      expect(second.stderrText).toContain(
        `another locus serve (pid ${process.pid}, ${started.url}) is running on ${dataDir}`,
      );
      expect(second.stderrText).toContain('(run locus serve --help for usage)');
    } finally {
      io.signal('SIGTERM');
      expect(await serving).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'serve.lock'))).toBe(false);
    const after = await locus({ LOCUS_DATA_DIR: dataDir }, 'status');
    expect(after.stdout).toContain('serve        not running on this data folder');
  });

  it('takes over the lock of a server that is gone', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path.join(dataDir, 'serve.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: 'then' }),
    );
    const status = await locus({ LOCUS_DATA_DIR: dataDir, LOCUS_LOG_LEVEL: 'warn' }, 'status');
    expect(status.stdout).toContain('serve        not running on this data folder');
    const io = new FakeIo({ LOCUS_DATA_DIR: dataDir, LOCUS_STORE_EVERY: '24h', PORT: '0' });
    const { serving } = await serveInProcess(io);
    io.signal('SIGTERM');
    expect(await serving).toBe(0);
  });

  it('gives a hint when the port is in use', async () => {
    const first = new FakeIo({ LOCUS_PROFILE: 'memory', PORT: '0' });
    const { serving, url } = await serveInProcess(first);
    try {
      const second = new FakeIo({ LOCUS_PROFILE: 'memory' });
      const port = new URL(url).port;
      expect(await runCli(['node', 'locus', 'serve', '--port', port], second)).toBe(2);
      expect(second.stderrText).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(second.stderrText).toContain('locus serve --port 3001');
    } finally {
      first.signal('SIGINT');
      expect(await serving).toBe(0);
    }
  });
});
