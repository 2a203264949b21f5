import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eventually } from '../../support/eventually';
import { locusEnv, requireBuild } from '../../support/server-process';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'bin', 'locus.js');

export interface LimitedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `sh -c` that makes every file the command writes stop growing at `fileSizeLimitBytes`
 * (RLIMIT_FSIZE, which binds root too): a write past it fails with EFBIG, as on a full disk.
 * SIGXFSZ is ignored so that the write fails instead of the process being killed.
 */
const limitedShell = (fileSizeLimitBytes: number | undefined, args: readonly string[]): string[] => {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const limit = fileSizeLimitBytes === undefined ? '' : `ulimit -f ${Math.ceil(fileSizeLimitBytes / 512)}; `;
  return ['-c', `trap '' XFSZ; ${limit}exec ${command}`];
};

/** `node bin/locus.js <args>` to its end, under a file size limit. */
export const runLimited = (
  args: readonly string[],
  env: Record<string, string>,
  fileSizeLimitBytes?: number,
): Promise<LimitedRun> =>
  new Promise((resolve, reject) => {
    requireBuild();
    const child = spawn('/bin/sh', limitedShell(fileSizeLimitBytes, args), { env: locusEnv(env), cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

/** `locus serve` in a child process under a file size limit, listening on a free port. */
export class LimitedServer {
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    public url = '',
  ) {
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    child.stdout?.resume();
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(env: Record<string, string>, fileSizeLimitBytes: number): Promise<LimitedServer> {
    requireBuild();
    const child = spawn('/bin/sh', limitedShell(fileSizeLimitBytes, ['serve']), {
      env: locusEnv({ LOCUS_LOG_LEVEL: 'info', ...env, PORT: '0' }),
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new LimitedServer(child);
    const listening = await eventually(
      async () => server.logs().find((line) => line.msg === 'listening'),
      (line) => line !== undefined,
      { timeoutMs: 15_000, intervalMs: 25 },
    );
    if (listening === undefined) throw new Error(`the server did not start:\n${server.stderr}`);
    server.url = String(listening.url);
    return server;
  }

  logs(): Record<string, unknown>[] {
    return this.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** SIGTERM, then the exit code (stopping a stopped server just gives its code). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
