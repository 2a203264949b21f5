import { neutraliseCell } from '../security/csv-safety';
import { DomainError } from '../shared/decider';
import { CsvRowReader, encodeCsvField } from './csv-text';
import type { LocationRecord } from './location-record';
import { canonicalNumber, isRecordId } from './record-id';
import { formatInstant, parseInstant } from './timestamp';

/** The contract's columns, in order. */
export const LOCATION_COLUMNS = [
  'record_id',
  'device_id',
  'recorded_at',
  'latitude',
  'longitude',
  'accuracy',
  'altitude',
  'speed',
  'heading',
  'received_at',
] as const;

/** The header row of a report. */
export const LOCATION_CSV_HEADER = LOCATION_COLUMNS.join(',');

/**
 * The CSV line of a record whose device id cell holds `deviceId`: `encodeCsvRow` of the ten fields,
 * written out because it runs several times per record on its way to a report. Only the two text
 * fields can need quotes; numbers and instants, as the codec writes them, never hold `,` `"` or a
 * line break. `join` makes one flat string (a chain of `+` would leave a tree of small ones).
 */
const lineOf = (record: LocationRecord, deviceId: string): string =>
  [
    encodeCsvField(record.recordId),
    encodeCsvField(deviceId),
    formatInstant(record.recordedAt),
    canonicalNumber(record.latitude),
    canonicalNumber(record.longitude),
    canonicalNumber(record.accuracy),
    canonicalNumber(record.altitude),
    canonicalNumber(record.speed),
    canonicalNumber(record.heading),
    formatInstant(record.receivedAt),
  ].join(',');

/**
 * A record as the contract's CSV line (no line end), exactly as stored: every value round-trips
 * through {@link decodeLocationRow}, whatever text the device id holds.
 */
export const encodeLocationCsv = (record: LocationRecord): string =>
  canonicalLines.get(record) ?? lineOf(record, record.deviceId);

/**
 * A record as a line of a report that people open in spreadsheets: the one free-text field,
 * `device_id`, is neutralised should it look like a formula (a valid device id never does: it
 * starts with a letter or digit), so no formula can reach a report cell.
 */
export const encodeReportCsv = (record: LocationRecord): string =>
  lineOf(record, neutraliseCell(record.deviceId));

const badRow = (reason: string): never => {
  throw new DomainError('INVALID_CSV_ROW', reason);
};

const requiredNumber = (text: string, column: string): number => {
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) badRow(`${column} "${text}" is not a number`);
  return value;
};

const optionalNumber = (text: string, column: string): number | null =>
  text === '' ? null : requiredNumber(text, column);

/** Reads the contract's CSV fields back into a record; refuses anything malformed. */
export const decodeLocationRow = (fields: readonly string[]): LocationRecord => {
  if (fields.length !== LOCATION_COLUMNS.length) {
    badRow(`expected ${LOCATION_COLUMNS.length} fields, found ${fields.length}`);
  }
  const [recordId, deviceId, recordedAt, lat, lon, acc, alt, speed, heading, receivedAt] = fields as string[];
  if (!isRecordId(recordId as string)) badRow(`record_id "${recordId}" is not 32 hex digits`);
  if (deviceId === '') badRow('device_id is empty');
  return {
    recordId: recordId as string,
    deviceId: deviceId as string,
    recordedAt: parseInstant(recordedAt as string),
    latitude: requiredNumber(lat as string, 'latitude'),
    longitude: requiredNumber(lon as string, 'longitude'),
    accuracy: optionalNumber(acc as string, 'accuracy'),
    altitude: optionalNumber(alt as string, 'altitude'),
    speed: optionalNumber(speed as string, 'speed'),
    heading: optionalNumber(heading as string, 'heading'),
    receivedAt: parseInstant(receivedAt as string),
  };
};

/** Whether a row is the report header (so a reader can skip it). */
export const isHeaderRow = (fields: readonly string[]): boolean => fields[0] === LOCATION_COLUMNS[0];

/**
 * The lines records were decoded from, for those whose line is exactly the one
 * {@link encodeLocationCsv} writes for them: a record read from the queue and written to a batch
 * keeps its text instead of having its numbers and instants formatted again. A record is
 * immutable, and a copy (a new object) is encoded from its fields.
 */
const canonicalLines = new WeakMap<LocationRecord, string>();

/**
 * A number's text exactly as {@link canonicalNumber} writes the number it reads as: `0`, or
 * plain decimals without padding of at most 15 significant digits (each of them is the shortest
 * text of its double) from 0.000001 on (smaller ones are written with an exponent).
 */
const CANONICAL_NUMBER = /^(?:0|-?(?:[1-9]\d{0,5}(?:\.\d{0,8}[1-9])?|0\.(?!0{6})\d{0,8}[1-9]))$/;

const canonicalOptional = (text: string): boolean => text === '' || CANONICAL_NUMBER.test(text);

/**
 * Whether the fields of an unquoted line (split on commas, no `"` or `\r` in it) are written
 * back the same by the encoder once decoded: ids and instants are (the decoder takes only their
 * one form, and an unquoted field without a line break needs no quotes), numbers when canonical.
 */
const isCanonicalRow = (fields: readonly string[]): boolean =>
  CANONICAL_NUMBER.test(fields[3] as string) &&
  CANONICAL_NUMBER.test(fields[4] as string) &&
  canonicalOptional(fields[5] as string) &&
  canonicalOptional(fields[6] as string) &&
  canonicalOptional(fields[7] as string) &&
  canonicalOptional(fields[8] as string);

/** Decodes whole CSV text (any number of lines, header optional) into records. */
export const decodeLocationCsv = (text: string): LocationRecord[] => {
  if (text.includes('"') || text.includes('\r')) {
    const rows: string[][] = [];
    const reader = new CsvRowReader();
    reader.push(text, rows);
    reader.end(rows);
    return rows.filter((row) => !isHeaderRow(row)).map(decodeLocationRow);
  }
  // No quoted field and no `\r`: each non-blank line is its fields joined by commas.
  const records: LocationRecord[] = [];
  for (const line of text.includes('\n') ? text.split('\n') : [text]) {
    if (line === '') continue;
    const fields = line.split(',');
    if (isHeaderRow(fields)) continue;
    const record = decodeLocationRow(fields);
    if (isCanonicalRow(fields)) canonicalLines.set(record, line);
    records.push(record);
  }
  return records;
};

/** Encodes records as CSV lines, each ended by `\n` (no header). */
export const encodeLocationLines = (records: readonly LocationRecord[]): string => {
  let text = '';
  for (const record of records) text += `${encodeLocationCsv(record)}\n`;
  return text;
};
