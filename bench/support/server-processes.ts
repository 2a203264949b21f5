import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A server under test, in a child process of its own. */
export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** What the process wrote on stderr after it was ready (the last 64 KiB, unless told otherwise). */
  output(): string;
  /** SIGTERM, then waits for the process to end; resolves to its exit code. */
  stop(): Promise<number | null>;
}

const ROOT = process.cwd();

/** Waits for the first stdout/stderr line that `match` accepts; fails if the process ends first. */
const waitForLine = (
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  match: (line: string) => string | undefined,
  timeoutMs: number,
): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    );
    const onData = (chunk: string) => {
      text += chunk;
      for (const line of text.split('\n')) {
        const found = match(line);
        if (found !== undefined) {
          clearTimeout(timer);
          child[stream]?.off('data', onData);
          resolve(found);
          return;
        }
      }
    };
    child[stream]?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it was ready:\n${text}`));
    });
  });

/** Keeps the last `keep` characters (64 Ki by default) the process writes on stderr. */
const stderrTail = (child: ChildProcess, keep = 65_536): (() => string) => {
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-keep);
  });
  return () => tail;
};

const stopper = (child: ChildProcess) => (): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

/** `node args…`, pinned to the cores `cpu` names (`taskset -c`) when it is given. */
const spawnNode = (args: readonly string[], cpu: string | undefined, options: SpawnOptions): ChildProcess =>
  cpu === undefined
    ? spawn(process.execPath, args, options)
    : spawn('taskset', ['-c', cpu, process.execPath, ...args], options);

/** The bare `node:http` server (bench/support/bare-server.js beside this file), pinned to `cpu` if given. */
export const startBareServer = async (cpu?: string): Promise<ServerProcess> => {
  const child = spawnNode([path.join(__dirname, 'bare-server.js')], cpu, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = stderrTail(child);
  const port = await waitForLine(
    child,
    'stdout',
    (line) => (line.startsWith('{"port"') ? String((JSON.parse(line) as { port: number }).port) : undefined),
    10_000,
  );
  child.stdout?.resume();
  return {
    name: 'bare node:http',
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    output,
    stop: stopper(child),
  };
};

/** The environment without any Locus setting, plus `extra`. */
export const locusEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LOCUS_') && name !== 'PORT') env[name] = value;
  }
  return { ...env, ...extra };
};

/** How {@link startLocusServer} runs the server beyond its defaults. */
export interface LocusServerOptions {
  /** How often the server's own schedule stores (`LOCUS_STORE_EVERY`); every 7 days by default. */
  readonly storeEvery?: string;
  /** Keep all the server writes on stderr after it is ready, not only the last 64 KiB. */
  readonly wholeLog?: boolean;
  /** The cores the server runs on (`taskset -c`); any by default. */
  readonly cpu?: string;
  /** Node.js options before the program (e.g. `--cpu-prof`). */
  readonly nodeOptions?: readonly string[];
}

/**
 * `node bin/locus.js serve` (built: `npm run build`) on a free loopback port over `dataDir`, UTC,
 * no authentication nor rate limits, and no daily run during the run (twelve hours away); no
 * scheduled store either unless `storeEvery` says so.
 */
export const startLocusServer = async (
  dataDir: string,
  options: LocusServerOptions = {},
): Promise<ServerProcess> => {
  const bin = path.join(ROOT, 'bin', 'locus.js');
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  }
  const farHour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0');
  const child = spawnNode([...(options.nodeOptions ?? []), bin, 'serve'], options.cpu, {
    cwd: ROOT,
    env: locusEnv({
      LOCUS_DATA_DIR: dataDir,
      LOCUS_HOST: '127.0.0.1',
      PORT: '0',
      LOCUS_LOG_LEVEL: 'info',
      LOCUS_TIMEZONE: 'UTC',
      LOCUS_STORE_EVERY: options.storeEvery ?? '7d',
      LOCUS_DAILY_AT: `${farHour}:00`,
      LOCUS_AUTH: 'off',
      LOCUS_RATE_LIMITS: 'off',
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await waitForLine(
    child,
    'stderr',
    (line) => {
      if (!line.startsWith('{')) return undefined;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      return entry.msg === 'listening' ? entry.url : undefined;
    },
    20_000,
  );
  const output = stderrTail(child, options.wholeLog === true ? Number.POSITIVE_INFINITY : undefined);
  return { name: 'locus serve', url, pid: child.pid ?? 0, output, stop: stopper(child) };
};
