import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LocusConfig, usesDataDir } from '../../config/locus-config';
import { LocusError } from '../../ports';

/** The file a running `locus serve` keeps in its data folder. */
export const SERVE_LOCK_FILE = 'serve.lock';

/** What the lock file says about the server that holds it. */
export interface RunningServer {
  readonly pid: number;
  readonly startedAt: string;
  /** Where it listens, once it does. */
  readonly url?: string;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const lockPath = (dataDir: string): string => path.join(dataDir, SERVE_LOCK_FILE);

/** The data folders this process serves (a second serve in the same process is refused too). */
const heldHere = new Set<string>();

/** The server running on this data folder, if its lock file names a live process. */
export const runningServer = (dataDir: string): RunningServer | undefined => {
  try {
    const held = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as RunningServer;
    return Number.isInteger(held.pid) && isAlive(held.pid) ? held : undefined;
  } catch {
    return undefined;
  }
};

/** The lock of one `locus serve` on its data folder: taken at start, told the URL, let go at stop. */
export interface ServeLock {
  listening(url: string): void;
  release(): void;
}

/**
 * Takes the data folder for this process, so that no second `locus serve` runs its schedules on
 * the same data. A lock left by a process that is gone is taken over. Refuses with
 * `CONFIGURATION`, naming the running server, when one holds it.
 */
export const takeServeLock = (dataDir: string, now: Date = new Date()): ServeLock => {
  mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const held = runningServer(dataDir);
  if (held !== undefined && (held.pid !== process.pid || heldHere.has(file))) {
    throw new LocusError(
      'CONFIGURATION',
      `another locus serve (pid ${held.pid}${held.url === undefined ? '' : `, ${held.url}`}) is running on ${dataDir}; ` +
        'two would run the store and daily schedules twice. Stop it first, or give this one another LOCUS_DATA_DIR.',
    );
  }
  const mine: RunningServer = { pid: process.pid, startedAt: now.toISOString() };
  const write = (server: RunningServer) =>
    writeFileSync(file, `${JSON.stringify(server)}\n`, { mode: 0o600 });
  if (held === undefined) rmSync(file, { force: true });
  try {
    writeFileSync(file, `${JSON.stringify(mine)}\n`, { flag: held === undefined ? 'wx' : 'w', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return takeServeLock(dataDir, now);
  }
  heldHere.add(file);
  return {
    listening: (url) => write({ ...mine, url }),
    release: () => {
      heldHere.delete(file);
      if (runningServer(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
};

export { usesDataDir } from '../../config/locus-config';

/** The serve lock of a configuration: the data folder's when it has one, else a lock that holds nothing. */
export const serveLockFor = (config: Pick<LocusConfig, 'profile' | 'adapters' | 'dataDir'>): ServeLock =>
  usesDataDir(config) ? takeServeLock(config.dataDir) : { listening: () => {}, release: () => {} };
