import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isProcessRunning } from '../system/process-identity';
import { TEMP_PREFIX, tempRoot } from './data-dir-layout';

/** `<name>-p<pid>-<12 hex digits>`: the process that made a temp folder, and a unique tail. */
const TEMP_FOLDER = /-p(\d+)-[0-9a-f]{12}$/;

/**
 * Removes the temp folders under `<dataDir>/tmp/` whose process has ended: what a run that
 * crashed or was killed left (a partition's staging and spill files, a report's drafts, DuckDB's
 * spill files, several GiB on a large day). A folder of a running process, of this one, or
 * without the process in its name (an older version's) is left alone. A data folder serves one
 * machine (its SQLite files need a local disk), so a process id names a process of this machine.
 * Returns the names of the folders removed.
 */
export const sweepEndedTempFolders = async (dataDir: string): Promise<string[]> => {
  const root = tempRoot(dataDir);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_FOLDER.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isProcessRunning(pid)) continue;
    await fs.rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
};

const swept = new Map<string, Promise<unknown>>();

/**
 * A new folder `<dataDir>/tmp/<name>-p<pid>-<unique>/`. The first one a process makes in a data
 * folder first sweeps the folders of processes that have ended ({@link sweepEndedTempFolders}).
 */
export const makeTempFolder = async (dataDir: string, name: string): Promise<string> => {
  let sweep = swept.get(dataDir);
  if (sweep === undefined) {
    sweep = sweepEndedTempFolders(dataDir).catch(() => undefined);
    swept.set(dataDir, sweep);
  }
  await sweep;
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'area';
  const dir = path.join(tempRoot(dataDir), `${safeName}-p${process.pid}-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
};

/** `.tmp-p<pid>-<12 hex digits>`: a file on its way to its name, and the process writing it. */
const TEMP_FILE = new RegExp(`^${TEMP_PREFIX.replace('.', '\\.')}p(\\d+)-[0-9a-f]{12}$`);

const sweptFolders = new Map<string, Promise<unknown>>();

/**
 * A temp file's path in `dir` (`.tmp-p<pid>-<unique>`), renamed over its target once complete.
 * The first one a process asks for in a folder first removes the temp files there of processes
 * that have ended: what a crash between writing and renaming left (a part of several hundred MiB).
 */
export const tempFileIn = async (dir: string): Promise<string> => {
  let sweep = sweptFolders.get(dir);
  if (sweep === undefined) {
    sweep = sweepEndedTempFiles(dir).catch(() => undefined);
    sweptFolders.set(dir, sweep);
  }
  await sweep;
  return path.join(dir, `${TEMP_PREFIX}p${process.pid}-${randomBytes(6).toString('hex')}`);
};

/** Removes the temp files in `dir` whose process has ended (as {@link sweepEndedTempFolders}); returns their names. */
export const sweepEndedTempFiles = async (dir: string): Promise<string[]> => {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMP_FILE.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(pid) || pid === process.pid || isProcessRunning(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
};
