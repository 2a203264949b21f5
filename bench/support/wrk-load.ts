import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What one wrk run measured (its `done` summary, bench/support/wrk-locations.lua). */
export interface WrkRun {
  readonly requests: number;
  readonly seconds: number;
  /** Responses per second over the run. */
  readonly perSecond: number;
  /** Answers 202, and any other status. */
  readonly accepted: number;
  readonly other: number;
  /** Socket errors: connect, read, write, timeout. */
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Where a run's processes go: wrk on `wrkCpu`, and its requests' shape. */
export interface WrkOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** A tag starting every device id of the run (letters only), distinct per run on one server. */
  readonly phase: string;
  /** Locations per request: 1 sends a single object, more a `{ "locations": [...] }` batch. */
  readonly perRequest: number;
  /** The newest recorded time of the run (epoch ms); each location is 1 ms older than the last. */
  readonly baseMs: number;
  /** The core wrk is pinned to (`taskset -c`). */
  readonly cpu: string;
  /** Where to write the record ids answered with 202, one a line. */
  readonly idsFile?: string;
}

const SCRIPT = path.join(process.cwd(), 'bench', 'support', 'wrk-locations.lua');

/**
 * Refuses (throws with what to do) unless `wrk` and `taskset` can run: the ingest benchmark's
 * load generator is the OS package, pinned to its own core.
 */
export const requireWrk = (): string => {
  const wrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (wrk.error !== undefined) {
    throw new Error(
      'wrk is not installed: the ingest benchmark drives the server with it. Install the OS package ' +
        '(Debian/Ubuntu: `sudo apt-get install wrk`; macOS: `brew install wrk`) and run it again.',
    );
  }
  const taskset = spawnSync('taskset', ['-c', '0', 'true']);
  if (taskset.error !== undefined || taskset.status !== 0) {
    throw new Error(
      'taskset cannot pin a process to a core (util-linux; Debian/Ubuntu: `sudo apt-get install util-linux`).',
    );
  }
  return `${wrk.stdout}${wrk.stderr}`.split('\n')[0]?.trim() ?? 'wrk';
};

interface WrkSummary {
  readonly requests: number;
  readonly durationUs: number;
  readonly accepted: number;
  readonly other: number;
  readonly non2xx: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly timeout: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
}

const round1 = (us: number): number => Math.round(us / 100) / 10;

/** One wrk run (one thread, pinned), resolved with its summary; rejects when wrk fails. */
export const wrkRun = (options: WrkOptions): Promise<WrkRun> =>
  new Promise((resolve, reject) => {
    const args = [
      '-c',
      options.cpu,
      'wrk',
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--timeout',
      '10s',
      '--latency',
      '-s',
      SCRIPT,
      options.url,
      '--',
      options.phase,
      String(options.perRequest),
      String(options.baseMs),
      options.idsFile ?? '-',
    ];
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('wrk-result '));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk ended with ${code}:\n${out}`));
        return;
      }
      const s = JSON.parse(line.slice('wrk-result '.length)) as WrkSummary;
      const seconds = s.durationUs / 1e6;
      resolve({
        requests: s.requests,
        seconds,
        perSecond: s.requests / seconds,
        accepted: s.accepted,
        other: s.other,
        errors: s.connect + s.read + s.write + s.timeout,
        p50Ms: round1(s.p50Us),
        p99Ms: round1(s.p99Us),
        maxMs: round1(s.maxUs),
      });
    });
  });

/** The record ids a run wrote (one a line). */
export const readIds = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
