import { decodeLocationCsv, encodeLocationCsv, type LocationRecord } from '../../domain';

/** One request's records as one message body: CSV lines joined by `\n` (no line end after the last). */
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
  const records = decodeLocationCsv(body);
  if (records.length === 0) throw new Error('the message holds no record');
  return records;
};
