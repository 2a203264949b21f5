import { DomainError } from '../shared/decider';
import { utcDateOf } from './timestamp';

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLOT_MS = 15 * 60_000;

/**
 * One formatter per time zone for the whole process: making one is costly (an ICU object that the
 * garbage collector must finalise), and a service that tells dates makes a resolver each time a
 * container builds it.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new DomainError('INVALID_TIME_ZONE', `"${timeZone}" is not an IANA time zone`);
    }
    formatters.set(timeZone, format);
  }
  return format;
};

/**
 * Tells the calendar date of an instant in one IANA time zone.
 *
 * Zone offsets change only on quarter-hour boundaries, so the offset is looked up once per
 * 15-minute slot and cached: this runs once per record, millions of times a day.
 */
export class RecordDateResolver {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = formatterOf(timeZone);
  }

  /** The zone's offset from UTC at an instant, in milliseconds. */
  offsetAt(epochMillis: number): number {
    const slot = Math.floor(epochMillis / SLOT_MS);
    let offset = this.offsets.get(slot);
    if (offset === undefined) {
      const start = slot * SLOT_MS;
      const parts: Record<string, number> = {};
      for (const part of this.format.formatToParts(new Date(start))) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value);
      }
      const wall = Date.UTC(
        parts.year ?? 1970,
        (parts.month ?? 1) - 1,
        parts.day ?? 1,
        parts.hour ?? 0,
        parts.minute ?? 0,
        parts.second ?? 0,
      );
      offset = wall - start;
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(slot, offset);
    }
    return offset;
  }

  /** The calendar date of an instant in this zone. */
  dateOf(epochMillis: number): CalendarDate {
    return utcDateOf(epochMillis + this.offsetAt(epochMillis));
  }

  /** The instant the date ends in this zone: midnight that starts the next date. */
  endOf(date: CalendarDate): number {
    const [year, month, day] = shiftDate(date, 1).split('-').map(Number) as [number, number, number];
    const wallMidnight = Date.UTC(year, month - 1, day);
    const guess = wallMidnight - this.offsetAt(wallMidnight);
    return wallMidnight - this.offsetAt(guess);
  }

  /** The date before the one that holds `epochMillis` in this zone ("yesterday", for the daily run). */
  previousDateOf(epochMillis: number): CalendarDate {
    return shiftDate(this.dateOf(epochMillis), -1);
  }
}

/** Whether a text is a real calendar date `YYYY-MM-DD`. */
export const isCalendarDate = (text: string): boolean => {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === text;
};

/** Asserts a calendar date, with a message that names the bad value. */
export const calendarDate = (text: string): CalendarDate => {
  if (!isCalendarDate(text))
    throw new DomainError('INVALID_DATE', `"${text}" is not a date of the form YYYY-MM-DD`);
  return text;
};

/** Adds whole days to a calendar date. */
export const shiftDate = (date: CalendarDate, days: number): CalendarDate => {
  const [y, m, d] = calendarDate(date).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
