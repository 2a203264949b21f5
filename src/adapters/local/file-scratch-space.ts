import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import { encodeLocationLines, type LocationRecord } from '../../domain';
import { LocusError, type ScratchArea, type ScratchSpace } from '../../ports';
import { LOCAL_TOKENS, type LocalAdapterConfig } from './local-tokens';
import { readRecordFile, storeError } from './record-file';
import { makeTempFolder } from './temp-folders';

/** A key's text is appended to its file once this many bytes are buffered. */
const KEY_FLUSH_BYTES = 256 * 1024;
/** All keys' buffers together are written out once they hold this many bytes. */
const AREA_FLUSH_BYTES = 16 * 1024 * 1024;

/** A key as a file name: `/`, `=` and other unsafe characters are percent-encoded. */
const fileNameOf = (key: string): string =>
  `k-${encodeURIComponent(key).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}.csv`;

interface KeyFile {
  readonly file: string;
  buffer: Buffer[];
  buffered: number;
}

/**
 * One run's scratch folder: a file of CSV lines per key, appended in buffered pieces. The text is
 * encoded as it comes and buffered as bytes, outside the garbage collector's young generation
 * (which would otherwise copy up to 16 MiB of text, made of many small strings, again and again).
 */
class FileScratchArea implements ScratchArea {
  private readonly files = new Map<string, KeyFile>();
  private buffered = 0;
  private writing: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly dir: string) {}

  async append(key: string, records: readonly LocationRecord[]): Promise<void> {
    const entry = this.entry(key);
    if (records.length === 0) return;
    const data = Buffer.from(encodeLocationLines(records), 'utf8');
    entry.buffer.push(data);
    entry.buffered += data.length;
    this.buffered += data.length;
    if (this.buffered >= AREA_FLUSH_BYTES) await this.flush(this.files.values());
    else if (entry.buffered >= KEY_FLUSH_BYTES) await this.flush([entry]);
  }

  async *read(key: string): AsyncIterable<readonly LocationRecord[]> {
    this.assertUsable();
    const entry = this.files.get(key);
    if (entry === undefined) return;
    await this.flush([entry]);
    // What is read back from scratch is kept: the partition phase gathers a part's fresh records.
    yield* readRecordFile(entry.file, `scratch ${key}`, 'empty', true);
  }

  keys(): readonly string[] {
    return [...this.files.keys()];
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.writing.catch(() => undefined);
    this.files.clear();
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private entry(key: string): KeyFile {
    this.assertUsable();
    let entry = this.files.get(key);
    if (entry === undefined) {
      entry = { file: path.join(this.dir, fileNameOf(key)), buffer: [], buffered: 0 };
      this.files.set(key, entry);
    }
    return entry;
  }

  /** Appends the buffered text of some keys to their files, one write after another. */
  private flush(entries: Iterable<KeyFile>): Promise<void> {
    const pieces: { file: string; data: Buffer }[] = [];
    for (const entry of entries) {
      if (entry.buffered === 0) continue;
      pieces.push({ file: entry.file, data: Buffer.concat(entry.buffer, entry.buffered) });
      this.buffered -= entry.buffered;
      entry.buffer = [];
      entry.buffered = 0;
    }
    this.writing = this.writing.then(async () => {
      for (const piece of pieces) {
        try {
          await fs.appendFile(piece.file, piece.data);
        } catch (error) {
          throw storeError(error, piece.file, 'write scratch file');
        }
      }
    });
    return this.writing;
  }

  private assertUsable(): void {
    if (this.disposed) throw new LocusError('STORE_UNAVAILABLE', `the scratch area ${this.dir} was disposed`);
  }
}

/**
 * Scratch areas as folders `<dataDir>/tmp/<name>-p<pid>-<unique>/`, removed when disposed (and,
 * when their process ended without disposing them, by the next process that makes one).
 */
@injectable()
export class FileScratchSpace implements ScratchSpace {
  constructor(@inject(LOCAL_TOKENS.Config) private readonly config: LocalAdapterConfig) {}

  async open(name: string): Promise<ScratchArea> {
    try {
      return new FileScratchArea(await makeTempFolder(this.config.dataDir, name));
    } catch (error) {
      throw storeError(error, `tmp/${name}`, 'create scratch folder');
    }
  }
}
