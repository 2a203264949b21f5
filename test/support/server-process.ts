import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  CsvRowReader,
  computeRecordId,
  decodeLocationRow,
  LOCATION_CSV_HEADER,
  type LocationRecord,
} from '../../src/domain';
import { eventually } from './eventually';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'locus.js');

/** Fails early, with what to do, when the command has not been built. */
export const requireBuild = (): void => {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` before the end-to-end tests');
  }
};

/** The test process's environment without any Locus setting, plus `extra`. */
export const locusEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('LOCUS_') && name !== 'PORT') env[name] = value;
  }
  return { ...env, ...extra };
};

/** How a `locus` child process runs. */
export interface LocusProcessOptions {
  /**
   * Every file the process writes stops growing at this size (RLIMIT_FSIZE, which binds root too):
   * a write past it fails with EFBIG, as on a full disk.
   */
  readonly fileSizeLimitBytes?: number;
  /** How long it may take: to end (a command, 30 s by default) or to listen (a server, 15 s). */
  readonly timeoutMs?: number;
}

/**
 * The program and arguments of `node bin/locus.js <args>`; under a file size limit, through `sh -c`
 * that sets it (`ulimit -f`) and ignores SIGXFSZ, so that a write past it fails instead of the
 * process being killed.
 */
const locusCommand = (args: readonly string[], fileSizeLimitBytes?: number): [string, string[]] => {
  if (fileSizeLimitBytes === undefined) return [process.execPath, [BIN, ...args]];
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const blocks = Math.ceil(fileSizeLimitBytes / 512);
  return ['/bin/sh', ['-c', `trap '' XFSZ; ulimit -f ${blocks}; exec ${command}`]];
};

export interface LocusRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/locus.js <args>` to its end. */
export const runLocus = (
  args: readonly string[],
  env: Record<string, string>,
  options: LocusProcessOptions = {},
): Promise<LocusRun> =>
  new Promise((resolve) => {
    const [file, argv] = locusCommand(args, options.fileSizeLimitBytes);
    execFile(
      file,
      argv,
      { env: locusEnv(env), cwd: ROOT, timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });

/** `node bin/locus.js serve` as a child process on a free port. */
export class ServerProcess {
  private stderr = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    public url = '',
  ) {
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
    });
    child.stdout?.resume();
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the server with `env` (PORT=0: the OS picks the port) and waits until it listens. */
  static async start(env: Record<string, string>, options: LocusProcessOptions = {}): Promise<ServerProcess> {
    requireBuild();
    const [file, argv] = locusCommand(['serve'], options.fileSizeLimitBytes);
    const child = spawn(file, argv, {
      env: locusEnv({ LOCUS_LOG_LEVEL: 'info', ...env, PORT: '0' }),
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child);
    let exitedEarly = false;
    void server.exited.then(() => {
      exitedEarly = true;
    });
    const listening = await eventually(
      async () => (exitedEarly ? 'exited' : server.logs().find((line) => line.msg === 'listening')),
      (line) => line !== undefined,
      { timeoutMs: options.timeoutMs ?? 15_000, intervalMs: 25 },
    );
    if (listening === 'exited' || listening === undefined) {
      throw new Error(`the server did not start:\n${server.stderr}`);
    }
    server.url = String(listening.url);
    return server;
  }

  /** The JSON log lines written so far. */
  logs(): Record<string, unknown>[] {
    return this.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  get output(): string {
    return this.stderr;
  }

  /** Sends `signal` and waits for the process to end. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exited;
  }
}

// Helpers of the end-to-end tests: Tokyo dates, posting locations, checking reports.

export const ZONE = 'Asia/Tokyo';

/** The calendar date in Tokyo `daysAgo` days before now. */
export const tokyoDate = (daysAgo: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() - daysAgo * 86_400_000));

/** Start of a Tokyo date, epoch ms (Tokyo has no daylight saving time). */
export const tokyoMidnight = (date: string): number => Date.parse(`${date}T00:00:00+09:00`);

/** A daily run time twelve hours away, so that no scheduled run happens during a test. */
export const dailyAtFarFromNow = (): string => {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(),
    ),
  );
  return `${String((hour + 12) % 24).padStart(2, '0')}:00`;
};

/** A location as a device sends it. */
export interface SentLocation {
  readonly deviceId: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly timestamp: string | number;
  readonly accuracy?: number;
  readonly speed?: number;
}

/** The instant a sent location was recorded at, epoch ms. */
export const recordedAtOf = (location: SentLocation): number =>
  typeof location.timestamp === 'number' ? location.timestamp * 1000 : Date.parse(location.timestamp);

/** What one 202 told: the records accepted, by id, with the time window of the request. */
export interface Acceptance {
  readonly location: SentLocation;
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** POSTs a body to `/locations`; resolves to the status and the JSON answer. */
export const postLocations = async (
  url: string,
  body: unknown,
): Promise<{ status: number; json: { ids?: string[] } }> => {
  const response = await fetch(`${url}/locations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { ids?: string[] } };
};

/**
 * Sends locations (one, or a batch whose invalid items are `null` in `locations`) and records
 * every accepted id with the location it stands for. The ids of a batch come in the order of its
 * valid items.
 */
export const sendAndRecord = async (
  url: string,
  locations: readonly (SentLocation | { readonly invalid: Record<string, unknown> })[],
  accepted: Map<string, Acceptance[]>,
  asBatch: boolean,
): Promise<number> => {
  const sentAt = Date.now();
  const items = locations.map((item) => ('invalid' in item ? item.invalid : item));
  const { status, json } = await postLocations(url, asBatch ? { locations: items } : items[0]);
  const answeredAt = Date.now();
  if (status !== 202) return status;
  const valid = locations.filter((item): item is SentLocation => !('invalid' in item));
  expect(json.ids).toHaveLength(valid.length);
  (json.ids ?? []).forEach((id: string, i: number) => {
    const list = accepted.get(id) ?? [];
    list.push({ location: valid[i] as SentLocation, sentAt, answeredAt });
    accepted.set(id, list);
  });
  return status;
};

/** A report's rows, decoded with the contract's codec, after checking its header. */
export const decodeReport = (text: string): LocationRecord[] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(text, rows);
  reader.end(rows);
  const [header, ...data] = rows;
  expect(header?.join(',')).toBe(LOCATION_CSV_HEADER);
  return data.map(decodeLocationRow);
};

/** The record id a location gets (the domain's content hash), computed on the client's side. */
export const idOf = (location: SentLocation): string =>
  computeRecordId({
    deviceId: location.deviceId,
    recordedAt: recordedAtOf(location),
    latitude: location.latitude,
    longitude: location.longitude,
    accuracy: location.accuracy ?? null,
    altitude: null,
    speed: location.speed ?? null,
    heading: null,
  });

/**
 * Checks one report against what got 202: every accepted record of its date exactly once, as
 * sent. A record whose request got no answer (the server died meanwhile) may be there too, once,
 * when it is among `unanswered`.
 */
export const expectReportMatches = (
  rows: readonly LocationRecord[],
  accepted: ReadonlyMap<string, readonly Acceptance[]>,
  dateOf: (epochMillis: number) => string,
  date: string,
  unanswered: ReadonlyMap<string, SentLocation> = new Map(),
): void => {
  const expected = [...accepted].filter(([, copies]) => dateOf(recordedAtOf(copies[0]!.location)) === date);
  const ids = rows.map((row) => row.recordId);
  expect(new Set(ids).size).toBe(ids.length);
  const extra = ids.filter((id) => !accepted.has(id));
  expect(extra.filter((id) => !unanswered.has(id))).toEqual([]);
  expect(ids.filter((id) => accepted.has(id)).sort()).toEqual(expected.map(([id]) => id).sort());
  const byId = new Map(rows.map((row) => [row.recordId, row]));
  for (const id of extra) {
    expect(byId.get(id)?.deviceId).toBe(unanswered.get(id)?.deviceId);
    expect(dateOf(recordedAtOf(unanswered.get(id)!))).toBe(date);
  }
  for (const [id, copies] of expected) {
    const row = byId.get(id)!;
    const sent = copies[0]!.location;
    expect({
      deviceId: row.deviceId,
      recordedAt: row.recordedAt,
      latitude: row.latitude,
      longitude: row.longitude,
      accuracy: row.accuracy,
      speed: row.speed,
    }).toEqual({
      deviceId: sent.deviceId,
      recordedAt: recordedAtOf(sent),
      latitude: sent.latitude,
      longitude: sent.longitude,
      accuracy: sent.accuracy ?? null,
      speed: sent.speed ?? null,
    });
    // Of several copies the earliest received one is kept.
    const earliestSent = Math.min(...copies.map((copy) => copy.sentAt));
    const earliestAnswered = Math.min(...copies.map((copy) => copy.answeredAt));
    expect(row.receivedAt).toBeGreaterThanOrEqual(earliestSent);
    expect(row.receivedAt).toBeLessThanOrEqual(earliestAnswered);
  }
};
