import { epochSecondsToMillis, formatInstant, parseInstant, parseIsoTimestamp } from '../../src/domain';

describe('timestamps', () => {
  it.each([
    ['2026-11-28T09:15:00+09:00', '2026-11-28T00:15:00.000Z'],
    ['2026-11-28T00:15:00Z', '2026-11-28T00:15:00.000Z'],
    ['2026-11-28T00:15:00.123456-05:30', '2026-11-28T05:45:00.123Z'],
    ['2026-11-28T00:15+0100', '2026-11-27T23:15:00.000Z'],
    ['2028-02-29T12:00:00Z', '2028-02-29T12:00:00.000Z'],
  ])('reads %s as %s', (text, instant) => {
    expect(formatInstant(parseIsoTimestamp(text))).toBe(instant);
  });

  it.each([
    ['2026-02-30T00:00:00Z', 'not a calendar date'],
    ['2027-02-29T00:00:00Z', 'not a calendar date'],
    ['2026-11-28T09:15:00', 'with a zone'],
    ['2026-11-28 09:15:00Z', 'with a zone'],
    ['2026-13-01T00:00:00Z', 'month 13'],
    ['2026-11-28T24:00:00Z', 'does not exist'],
    ['2026-11-28T10:00:00+25:00', 'out of range'],
    ['yesterday', 'with a zone'],
  ])('refuses %s', (text, reason) => {
    expect(() => parseIsoTimestamp(text)).toThrow(reason);
  });

  it('converts epoch seconds, fractions kept to the millisecond', () => {
    expect(epochSecondsToMillis(1_764_300_000.1234)).toBe(1_764_300_000_123);
    expect(() => epochSecondsToMillis(Number.POSITIVE_INFINITY)).toThrow('finite');
  });

  it('round-trips the contract instant form strictly', () => {
    expect(parseInstant('2026-11-28T00:15:00.120Z')).toBe(Date.UTC(2026, 10, 28, 0, 15, 0, 120));
    expect(() => parseInstant('2026-11-28T00:15:00Z')).toThrow('milliseconds');
  });
});
