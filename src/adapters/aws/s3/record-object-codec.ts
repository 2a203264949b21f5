import {
  CsvRowReader,
  decodeLocationRow,
  encodeLocationCsv,
  isHeaderRow,
  type LocationRecord,
} from '../../../domain';
import { LocusError } from '../../../ports/errors';
import { translateAwsError } from '../aws-errors';

/** Records handed out per chunk when reading an object. */
const CHUNK_RECORDS = 4096;

/**
 * Decodes a record object (the contract's CSV, header row optional) from its byte stream, in
 * chunks, as the bytes arrive. A row that is not a valid record fails the read with
 * `CORRUPT_OBJECT` naming the object; a broken stream fails it with `STORE_UNAVAILABLE`.
 */
export async function* decodeRecordObject(
  bytes: AsyncIterable<Uint8Array>,
  name: string,
): AsyncGenerator<readonly LocationRecord[]> {
  const reader = new CsvRowReader();
  const text = new TextDecoder('utf-8', { fatal: true });
  let rows: string[][] = [];
  let records: LocationRecord[] = [];
  let row = 0;
  const decodeRows = (): void => {
    for (const fields of rows) {
      row++;
      if (row === 1 && isHeaderRow(fields)) continue;
      records.push(decodeLocationRow(fields));
    }
    rows = [];
  };
  const corrupt = (error: unknown): LocusError =>
    new LocusError('CORRUPT_OBJECT', `${name} holds an invalid record near row ${row}: ${describe(error)}`, {
      cause: error,
    });
  const iterator = bytes[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw translateAwsError(error, 'STORE_UNAVAILABLE', `reading ${name}`);
      }
      try {
        if (next.done) {
          reader.push(text.decode(), rows);
          reader.end(rows);
        } else {
          reader.push(text.decode(next.value, { stream: true }), rows);
        }
        decodeRows();
      } catch (error) {
        throw corrupt(error);
      }
      if (records.length >= CHUNK_RECORDS || (next.done && records.length > 0)) {
        yield records;
        records = [];
      }
      if (next.done) return;
    }
  } finally {
    await iterator.return?.();
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Encodes chunks of records as CSV text (the domain codec, `\n` line ends), counting them. */
export async function* encodeRecordChunks(
  chunks: AsyncIterable<readonly LocationRecord[]>,
  counter: { count: number },
): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    let text = '';
    for (const record of chunk) text += `${encodeLocationCsv(record)}\n`;
    counter.count += chunk.length;
    if (text.length > 0) yield text;
  }
}

/** Hands an array out as one chunk (for writers that take a stream of chunks). */
export async function* asChunks<T>(items: readonly T[], size = CHUNK_RECORDS): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
