import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** What one read of a report CSV found. */
export interface CsvScan {
  readonly checksum: string;
  readonly bytes: number;
  /** Whether two lines in a row start with the same record id (the copies of one record). */
  readonly repeatedId: boolean;
}

const NEWLINE = 0x0a;
const ID_BYTES = 32;

/** SHA-256 (hex) and size of a file, read once as a stream. */
export const hashFile = async (file: string): Promise<{ checksum: string; bytes: number }> => {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { checksum: hash.digest('hex'), bytes };
};

/**
 * Reads a sorted report CSV once: its SHA-256 and size, and whether any record id is on two lines
 * in a row. Sorted by device, time and id, the copies of a record are next to each other, so
 * comparing each line's first 32 bytes with the previous line's finds them all (a line break
 * inside a quoted device id can only add a false alarm, never hide a copy).
 */
export const scanReportCsv = async (file: string): Promise<CsvScan> => {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let repeatedId = false;
  // The previous line's id, copied into one buffer: no allocation per line (a day has millions),
  // and none per chunk but the few bytes of a line cut by the chunk's end.
  const previous = Buffer.alloc(ID_BYTES);
  let previousLength = -1;
  /** Checks the line `text[start..end)`; whether it repeats the previous line's id. */
  const repeats = (text: Buffer, start: number, end: number): boolean => {
    if (lines++ === 0) return false;
    const idEnd = Math.min(start + ID_BYTES, end);
    const length = idEnd - start;
    if (length === previousLength && text.compare(previous, 0, length, start, idEnd) === 0) return true;
    text.copy(previous, 0, start, idEnd);
    previousLength = length;
    return false;
  };
  let carry: Buffer | undefined;
  for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk = piece as Buffer;
    hash.update(chunk);
    bytes += chunk.length;
    if (repeatedId) continue;
    let start = 0;
    if (carry !== undefined) {
      const end = chunk.indexOf(NEWLINE);
      if (end < 0) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = Buffer.concat([carry, chunk.subarray(0, end)]);
      carry = undefined;
      repeatedId = repeats(line, 0, line.length);
      start = end + 1;
    }
    for (
      let end = chunk.indexOf(NEWLINE, start);
      end >= 0 && !repeatedId;
      end = chunk.indexOf(NEWLINE, start)
    ) {
      repeatedId = repeats(chunk, start, end);
      start = end + 1;
    }
    if (!repeatedId && start < chunk.length) carry = Buffer.from(chunk.subarray(start));
  }
  return { checksum: hash.digest('hex'), bytes, repeatedId };
};
