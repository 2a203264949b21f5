import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isProcessRunning } from '../system/process-identity';
import { tempRoot } from './data-dir-layout';

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
