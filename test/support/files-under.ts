import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Every file under a folder (temp files included), as paths relative to it, sorted; none when it is missing. */
export const filesUnder = async (root: string): Promise<string[]> => {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
};
