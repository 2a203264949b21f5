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
export const encodeLocationCsv = (record: LocationRecord): string => lineOf(record, record.deviceId);

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

/** Decodes whole CSV text (any number of lines, header optional) into records. */
export const decodeLocationCsv = (text: string): LocationRecord[] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(text, rows);
  reader.end(rows);
  return rows.filter((row) => !isHeaderRow(row)).map(decodeLocationRow);
};

/** Encodes records as CSV lines, each ended by `\n` (no header). */
export const encodeLocationLines = (records: readonly LocationRecord[]): string => {
  let text = '';
  for (const record of records) text += `${encodeLocationCsv(record)}\n`;
  return text;
};
