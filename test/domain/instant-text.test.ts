import fc from 'fast-check';
import { formatInstant, parseInstant, utcDateOf } from '../../src/domain';

/** 10000-01-01T00:00:00.000Z. */
const YEAR_10000 = 253_402_300_800_000;

describe('instant text (contract form)', () => {
  it('formats every instant as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -YEAR_10000, max: YEAR_10000 + 86_400_000 }), (epoch) => {
        expect(formatInstant(epoch)).toBe(new Date(epoch).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const epoch of [0, 951_782_400_000, 951_868_800_000, YEAR_10000 - 1, YEAR_10000, -1, 1.5]) {
      expect(formatInstant(epoch)).toBe(new Date(epoch).toISOString());
    }
    expect(() => formatInstant(Number.NaN)).toThrow(RangeError);
  });

  it('tells the UTC date of every instant as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -YEAR_10000, max: YEAR_10000 + 86_400_000 }), (epoch) => {
        expect(utcDateOf(epoch)).toBe(new Date(epoch).toISOString().slice(0, 10));
        expect(formatInstant(epoch).slice(0, 10)).toBe(utcDateOf(epoch));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: YEAR_10000 - 1 }), (epoch) => {
        expect(parseInstant(formatInstant(epoch))).toBe(epoch);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2026-02-29T00:00:00.000Z',
    '1900-02-29T00:00:00.000Z',
    '2026-11-31T00:00:00.000Z',
    '2026-11-00T00:00:00.000Z',
    '2026-13-01T00:00:00.000Z',
    '2026-11-28T24:00:00.000Z',
    '2026-11-28T10:60:00.000Z',
    '2026-11-28T10:00:60.000Z',
    '2026-11-28T10:00:00.000z',
    '2026-11-28 10:00:00.000Z',
    '2026-11-28T10:00:00.00Z',
    '2026-11-28T10:00:00Z',
    '+02026-11-28T10:00:00.000Z',
    '2026-1a-28T10:00:00.000Z',
    '',
  ])('refuses %j', (text) => {
    expect(() => parseInstant(text)).toThrow('is not an ISO 8601 UTC instant with milliseconds');
  });

  it('accepts leap days of leap years', () => {
    expect(parseInstant('2000-02-29T23:59:59.999Z')).toBe(Date.UTC(2000, 1, 29, 23, 59, 59, 999));
    expect(parseInstant('2028-02-29T00:00:00.000Z')).toBe(Date.UTC(2028, 1, 29));
  });
});
