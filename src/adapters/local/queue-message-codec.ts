import { CsvRowReader, decodeLocationRow, encodeLocationCsv, type LocationRecord } from '../../domain';
import { pushInPieces } from './record-file';

/** One request's records as one message body: CSV lines joined by `\n`. */
export const encodeQueueMessage = (records: readonly LocationRecord[]): string => {
  let body = '';
  for (let i = 0; i < records.length; i++) {
    if (i > 0) body += '\n';
    body += encodeLocationCsv(records[i] as LocationRecord);
  }
  return body;
};

/** A message body back into records; throws when a line is not a record. */
export const decodeQueueMessage = (body: string): LocationRecord[] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  pushInPieces(reader, body, rows);
  reader.end(rows);
  if (rows.length === 0) throw new Error('the message holds no record');
  return rows.map(decodeLocationRow);
};
