import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX } from './data-dir-layout';
import { tempFileIn } from './temp-folders';

/** Text is handed to the file system in pieces of about this many bytes. */
const FLUSH_BYTES = 1 << 20;

/**
 * Appends text to an open file, a large piece at a time. Each text is encoded as it comes: the
 * text (often a tree of many small strings) is then garbage at once instead of being carried, and
 * copied, by the garbage collector's young generation until the next write.
 */
export class BufferedFileWriter {
  private buffer: Buffer[] = [];
  private buffered = 0;
  private bytesWritten = 0;

  constructor(private readonly handle: fs.FileHandle) {}

  /** Adds text (or bytes); writes when enough is buffered. */
  async write(text: string | Uint8Array): Promise<void> {
    if (text.length === 0) return;
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    this.buffer.push(data);
    this.buffered += data.length;
    if (this.buffered >= FLUSH_BYTES) await this.flush();
  }

  /** Writes whatever is buffered. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const data =
      this.buffer.length === 1 ? (this.buffer[0] as Buffer) : Buffer.concat(this.buffer, this.buffered);
    this.buffer = [];
    this.buffered = 0;
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    this.bytesWritten += data.length;
  }

  /** Bytes handed to the file so far. */
  get bytes(): number {
    return this.bytesWritten;
  }
}

/** Makes a directory's entries (a rename, a new file) durable. */
export const fsyncDirectory = async (dir: string): Promise<void> => {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** How an atomic write ends. */
export interface AtomicWriteOptions {
  /**
   * Called once the temp file is complete and flushed to disk, just before it is renamed over
   * the target; when it throws, the rename does not happen, the temp file is removed and its
   * error is passed on.
   */
  readonly beforeRename?: () => Promise<void>;
}

/**
 * Replaces `target` whole: the content goes to a temp file (`.tmp-p<pid>-…`, {@link tempFileIn}) in the same folder, which
 * is flushed to disk, renamed over the target, and the folder flushed too. Readers see the old
 * file or the new one; when `produce` (or `beforeRename`) fails the old file stays and the temp
 * file is removed.
 */
export const writeFileAtomically = async <T>(
  target: string,
  produce: (writer: BufferedFileWriter) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<{ result: T; bytes: number }> => {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = await tempFileIn(dir);
  const handle = await fs.open(temp, 'wx');
  let closed = false;
  try {
    const writer = new BufferedFileWriter(handle);
    const result = await produce(writer);
    await writer.flush();
    await handle.sync();
    await handle.close();
    closed = true;
    await options.beforeRename?.();
    await fs.rename(temp, target);
    await fsyncDirectory(dir);
    return { result, bytes: writer.bytes };
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
};

/** Moves a file to another key (creating its folder) durably; `false` when the source is missing. */
export const moveFileDurably = async (from: string, to: string): Promise<boolean> => {
  await fs.mkdir(path.dirname(to), { recursive: true });
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  await fsyncDirectory(path.dirname(to));
  if (path.dirname(to) !== path.dirname(from)) await fsyncDirectory(path.dirname(from));
  return true;
};

/** The names in a folder that are not temp files; empty when the folder does not exist. */
export const listVisible = async (dir: string): Promise<string[]> => {
  try {
    const names = await fs.readdir(dir);
    return names.filter((name) => !name.startsWith(TEMP_PREFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};
