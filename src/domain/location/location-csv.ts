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
  knownLines.get(record) ?? lineOf(record, record.deviceId);

/**
 * The lines records were decoded from, when a line is exactly what {@link encodeLocationCsv}
 * writes for its record: a record read from a queue message is written to its batch without
 * being encoded again. Such records are frozen, so no line can outlive a change to its record.
 */
const knownLines = new WeakMap<LocationRecord, string>();

/**
 * Whether a number's text is surely the canonical one (`String(Number(text)) === text`) without
 * formatting the number: plain decimal notation, no redundant zero, no `-0`, at most 15
 * significant digits (so that no shorter text names the same double), from 1e-6 up to below 1e21
 * (where JavaScript writes numbers without an exponent). `false` says only "not sure".
 */
export const isSurelyCanonicalNumber = (text: string): boolean => {
  const length = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0; // -
  const intStart = i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 21) return false;
  const zeroInt = intDigits === 1 && text.charCodeAt(intStart) === 48;
  if (!zeroInt && text.charCodeAt(intStart) === 48) return false; // a leading zero
  if (i === length) return !(zeroInt && intStart === 1) && intDigits <= 15; // -0
  if (text.charCodeAt(i) !== 46) return false; // .
  const fracStart = ++i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  if (i !== length || i === fracStart || text.charCodeAt(length - 1) === 48) return false;
  let significant = zeroInt ? 0 : intDigits;
  let leadingZeros = 0;
  for (let j = fracStart; j < length; j++) {
    if (significant === 0 && text.charCodeAt(j) === 48) leadingZeros++;
    else significant++;
  }
  return significant <= 15 && leadingZeros <= 5;
};

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

const canonicalText = (text: string, value: number | null): boolean =>
  isSurelyCanonicalNumber(text) || canonicalNumber(value) === text;

/**
 * The record of a line's fields, frozen and remembered with its line when the line is exactly
 * its encoding. `fields` were split from `line` without quotes (the line holds none).
 */
const decodeKnownLine = (fields: readonly string[], line: string): LocationRecord => {
  const record = decodeLocationRow(fields);
  if (
    canonicalText(fields[3] as string, record.latitude) &&
    canonicalText(fields[4] as string, record.longitude) &&
    (fields[5] === '' || canonicalText(fields[5] as string, record.accuracy)) &&
    (fields[6] === '' || canonicalText(fields[6] as string, record.altitude)) &&
    (fields[7] === '' || canonicalText(fields[7] as string, record.speed)) &&
    (fields[8] === '' || canonicalText(fields[8] as string, record.heading))
  ) {
    knownLines.set(Object.freeze(record), line);
  }
  return record;
};

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
 * Decodes whole CSV text (any number of lines, header optional) into records. Text without
 * quotes or carriage returns (what {@link encodeLocationCsv} writes for every usual record) is
 * split on its line breaks and commas, and each line is remembered with its record (see
 * {@link encodeLocationCsv}); other text goes through the CSV reader.
 */
export const decodeLocationCsv = (text: string): LocationRecord[] => {
  if (!text.includes('"') && !text.includes('\r')) {
    const records: LocationRecord[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const fields = line.split(',');
      if (!isHeaderRow(fields)) records.push(decodeKnownLine(fields, line));
    }
    return records;
  }
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
