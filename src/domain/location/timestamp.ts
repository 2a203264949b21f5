import { DomainError } from '../shared/decider';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

const invalid = (reason: string): never => {
  throw new DomainError('INVALID_TIMESTAMP', reason);
};

const parseOffsetMinutes = (zone: string): number => {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) invalid(`offset ${zone} is out of range`);
  return sign * (hours * 60 + minutes);
};

/**
 * Parses an ISO 8601 date-time that names its zone (`Z` or `±hh:mm`) into epoch milliseconds.
 * Impossible calendar dates (2026-02-30) and times without a zone are refused; digits below the
 * millisecond are truncated.
 */
export const parseIsoTimestamp = (text: string): number => {
  const match = ISO.exec(text);
  if (match === null) {
    return invalid('must be ISO 8601 with a zone (e.g. 2026-11-28T09:15:00+09:00) or Unix epoch seconds');
  }
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12) invalid(`month ${mo} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) invalid(`${y}-${mo}-${d} is not a calendar date`);
  if (hour > 23 || minute > 59 || second > 59) invalid(`time ${h}:${mi}:${s ?? '00'} does not exist`);
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const epoch = utc - parseOffsetMinutes(zone as string) * 60_000;
  return epoch;
};

/** Converts Unix epoch seconds (fractions allowed, kept to the millisecond) into epoch milliseconds. */
export const epochSecondsToMillis = (seconds: number): number => {
  if (!Number.isFinite(seconds)) invalid('epoch seconds must be a finite number');
  return Math.round(seconds * 1000);
};

/** The contract's text form of an instant: ISO 8601 UTC with milliseconds. */
export const formatInstant = (epochMillis: number): string => new Date(epochMillis).toISOString();

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Reads the contract's text form of an instant back (strictly `YYYY-MM-DDTHH:mm:ss.sssZ`). */
export const parseInstant = (text: string): number => {
  if (!INSTANT.test(text)) invalid(`"${text}" is not an ISO 8601 UTC instant with milliseconds`);
  return parseIsoTimestamp(text);
};
