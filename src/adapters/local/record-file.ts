import { createReadStream } from 'node:fs';
import { CsvRowReader, decodeLocationRow, encodeLocationLines, type LocationRecord } from '../../domain';
import { isLocusError, LocusError } from '../../ports';
import type { BufferedFileWriter } from './atomic-file';
import { compactRecord } from './compact-record';

/** Records handed out per chunk when a file is read. */
export const READ_CHUNK = 4096;

/** Records encoded per piece of text when a file is written. */
const ENCODE_CHUNK = 4096;

const READ_BUFFER_BYTES = 1 << 20;

/**
 * Text is handed to the CSV reader in pieces of about this many characters: the reader looks for
 * the next quote from every line it reads, a search whose cost grows with the size of the piece.
 */
const PARSE_PIECE_CHARS = 4096;

/** Adds a large text to a CSV reader a piece at a time (see {@link PARSE_PIECE_CHARS}). */
export const pushInPieces = (reader: CsvRowReader, text: string, rows: string[][]): void => {
  for (let start = 0; start < text.length; start += PARSE_PIECE_CHARS) {
    reader.push(text.slice(start, start + PARSE_PIECE_CHARS), rows);
  }
};

/** Translates what reading or writing an object threw into the port's error. */
export const storeError = (error: unknown, key: string, action: string): LocusError => {
  if (isLocusError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'INVALID_CSV_ROW' || code === 'CSV_SYNTAX' || code === 'INVALID_TIMESTAMP') {
    return new LocusError('CORRUPT_OBJECT', `${key} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new LocusError('STORE_UNAVAILABLE', `could not ${action} ${key}: ${(error as Error)?.message}`, {
    cause: error,
    retryable: true,
  });
};

/** Encodes records as CSV lines into a writer, a slice at a time. */
export const writeRecords = async (
  writer: BufferedFileWriter,
  records: readonly LocationRecord[],
): Promise<void> => {
  for (let start = 0; start < records.length; start += ENCODE_CHUNK) {
    await writer.write(encodeLocationLines(records.slice(start, start + ENCODE_CHUNK)));
  }
};

/**
 * Decodes parsed rows into records (compacted when they are to be kept long, see
 * {@link compactRecord}); a row that is not a record fails with `CORRUPT_OBJECT`.
 */
const decodeRows = (rows: readonly string[][], key: string, kept: boolean): LocationRecord[] => {
  const records = new Array<LocationRecord>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    try {
      const record = decodeLocationRow(rows[i] as string[]);
      records[i] = kept ? compactRecord(record) : record;
    } catch (error) {
      throw storeError(error, key, 'read');
    }
  }
  return records;
};

/**
 * Streams a file of CSV lines as records, {@link READ_CHUNK} at a time. A missing file yields
 * nothing when `missing` is `'empty'` and fails with `OBJECT_NOT_FOUND` when it is `'fail'`.
 * `kept`: the reader keeps many of the records at once (the partition phase keeps a part's fresh
 * records), so each is made to hold only its own memory.
 */
export async function* readRecordFile(
  file: string,
  key: string,
  missing: 'empty' | 'fail',
  kept = false,
): AsyncGenerator<readonly LocationRecord[]> {
  const reader = new CsvRowReader();
  let rows: string[][] = [];
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: READ_BUFFER_BYTES });
  try {
    for await (const text of stream) {
      try {
        pushInPieces(reader, text as string, rows);
      } catch (error) {
        throw storeError(error, key, 'read');
      }
      while (rows.length >= READ_CHUNK) {
        const chunk = rows.length === READ_CHUNK ? rows : rows.slice(0, READ_CHUNK);
        rows = rows.length === READ_CHUNK ? [] : rows.slice(READ_CHUNK);
        yield decodeRows(chunk, key, kept);
      }
    }
    try {
      reader.end(rows);
    } catch (error) {
      throw storeError(error, key, 'read');
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (missing === 'empty') return;
      throw new LocusError('OBJECT_NOT_FOUND', `${key} does not exist`, { cause: error });
    }
    throw storeError(error, key, 'read');
  } finally {
    stream.destroy();
  }
  if (rows.length > 0) yield decodeRows(rows, key, kept);
}
