import { promises as fs } from 'node:fs';
import path from 'node:path';
import { confirmPartCommit, isLocusError, LocusError, type WritePartOptions } from '../../ports';
import { fsyncDirectory } from './atomic-file';

/**
 * Makes `file` (written, not yet flushed, on the same file system) the part `target` (object key
 * `key`): flushed, fenced by `options.commitIf`, renamed over the part and its folder flushed. A
 * failure that is not Locus's own is `STORE_UNAVAILABLE`; a refused fence leaves `file` in place.
 */
export const commitPartFile = async (
  file: string,
  target: string,
  key: string,
  options: WritePartOptions,
): Promise<void> => {
  try {
    const handle = await fs.open(file, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await confirmPartCommit(options, key);
    await fs.rename(file, target);
    await fsyncDirectory(path.dirname(target));
  } catch (error) {
    if (isLocusError(error)) throw error;
    throw new LocusError('STORE_UNAVAILABLE', `could not write ${key}: ${(error as Error)?.message}`, {
      cause: error,
      retryable: true,
    });
  }
};
