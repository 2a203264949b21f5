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

// Every record is encoded and decoded several times on its way to a report, two instants each:
// the two functions below do in arithmetic what `Date#toISOString` and `Date.parse` (plus a
// round trip) did at several times the cost, with the same results.

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00.000Z: from here on (and before 1970) the `Date` object formats. */
const FOUR_DIGIT_YEARS_END = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
};

/** `YYYY-MM-DD` of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
const civilDate = (days: number): string => {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${PAD2[month]}-${PAD2[day]}`;
};

/** The last day formatted (records come in runs of the same day). */
let cachedDay = Number.NaN;
let cachedDate = '';
let cachedPrefix = '';

/** Whether the arithmetic below formats an instant (else the `Date` object does). */
const formatsFast = (epochMillis: number): boolean =>
  epochMillis >= 0 && epochMillis < FOUR_DIGIT_YEARS_END && Number.isInteger(epochMillis);

/** Caches the date of a day since 1970-01-01. */
const useDay = (days: number): void => {
  if (days !== cachedDay) {
    cachedDate = civilDate(days);
    cachedPrefix = `${cachedDate}T`;
    cachedDay = days;
  }
};

/** The UTC calendar date of an instant, `YYYY-MM-DD` (the first ten characters of {@link formatInstant}). */
export const utcDateOf = (epochMillis: number): string => {
  if (!formatsFast(epochMillis)) return new Date(epochMillis).toISOString().slice(0, 10);
  useDay(Math.floor(epochMillis / DAY_MS));
  return cachedDate;
};

/** The contract's text form of an instant: ISO 8601 UTC with milliseconds (as `Date#toISOString`). */
export const formatInstant = (epochMillis: number): string => {
  if (!formatsFast(epochMillis)) return new Date(epochMillis).toISOString();
  const days = Math.floor(epochMillis / DAY_MS);
  useDay(days);
  let rest = epochMillis - days * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedPrefix}${PAD2[hours]}:${PAD2[minutes]}:${PAD2[seconds]}.${PAD3[rest - seconds * 1000]}Z`;
};

/** The number written by the ASCII digits `text[from..to)`; -1 when one of them is not a digit. */
const digitsAt = (text: string, from: number, to: number): number => {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
};

/** `YYYY-MM-DDTHH:mm:ss.sssZ` → epoch ms; NaN when the text has another shape or names no real instant. */
const instantOf = (text: string): number => {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 || // .
    text.charCodeAt(23) !== 90 // Z
  ) {
    return Number.NaN;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hours = digitsAt(text, 11, 13);
  const minutes = digitsAt(text, 14, 16);
  const seconds = digitsAt(text, 17, 19);
  const millis = digitsAt(text, 20, 23);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 || millis < 0) {
    return Number.NaN;
  }
  return (
    daysFromCivil(year, month, day) * DAY_MS + hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + millis
  );
};

/**
 * Reads the contract's text form of an instant back (strictly `YYYY-MM-DDTHH:mm:ss.sssZ`);
 * impossible dates and times (02-30, 24:00) are refused.
 */
export const parseInstant = (text: string): number => {
  const epoch = instantOf(text);
  if (Number.isNaN(epoch)) invalid(`"${text}" is not an ISO 8601 UTC instant with milliseconds`);
  return epoch;
};
