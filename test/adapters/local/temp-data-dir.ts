import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh data folder under the system's temp folder, and how to remove it. */
export const tempDataDir = async (): Promise<{ dataDir: string; remove(): Promise<void> }> => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'locus-local-'));
  return { dataDir, remove: () => fs.rm(dataDir, { recursive: true, force: true }) };
};
