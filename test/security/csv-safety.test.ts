import fc from 'fast-check';
import {
  CsvRowReader,
  createLocationRecord,
  DEVICE_ID_PATTERN,
  decodeLocationCsv,
  encodeCsvRow,
  encodeLocationCsv,
  encodeReportCsv,
  isFormulaLike,
  type LocationContent,
  type LocationRecord,
  neutraliseCell,
} from '../../src/domain';
import { locationViolations } from '../../src/domain/location/location-factory';

const ID_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const REST_CHARS = [...ID_CHARS, '.', '_', ':', '@', '-'];

/** Any device id the contract allows. */
const deviceIdArb = fc
  .tuple(fc.constantFrom(...ID_CHARS), fc.array(fc.constantFrom(...REST_CHARS), { maxLength: 127 }))
  .map(([first, rest]) => first + rest.join(''));

/** A finite double in `[min, max]`, never -0 (the codec writes it as 0, as the record id does). */
const number = (min: number, max: number) =>
  fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((value) => (Object.is(value, -0) ? 0 : value));

const optional = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: null });

/** The last instant the contract's 4-digit years can write. */
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const contentArb: fc.Arbitrary<LocationContent> = fc.record({
  deviceId: deviceIdArb,
  recordedAt: fc.integer({ min: 0, max: MAX_INSTANT }),
  latitude: number(-90, 90),
  longitude: number(-180, 180),
  accuracy: optional(number(0, Number.MAX_VALUE)),
  altitude: optional(number(-Number.MAX_VALUE, Number.MAX_VALUE)),
  speed: optional(number(0, Number.MAX_VALUE)),
  heading: optional(number(0, 360)),
});

const recordArb: fc.Arbitrary<LocationRecord> = contentArb.map((content) =>
  createLocationRecord(content, content.recordedAt, {
    maxFutureSkewMs: 0,
    maxAgeMs: Number.MAX_SAFE_INTEGER,
  }),
);

const cellsOf = (text: string): string[][] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(text, rows);
  reader.end(rows);
  return rows;
};

describe('CSV safety', () => {
  it('reads back exactly the record it wrote, for any valid record', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 5 }), (records) => {
        const text = records.map((record) => `${encodeLocationCsv(record)}\r\n`).join('');
        expect(decodeLocationCsv(text)).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });

  it('stores any device text as it is (formula-looking included) and reads it back exactly', () => {
    fc.assert(
      fc.property(recordArb, fc.string({ unit: 'binary', minLength: 1 }), (record, deviceId) => {
        const stored = { ...record, deviceId };
        expect(decodeLocationCsv(`${encodeLocationCsv(stored)}\n`)).toEqual([stored]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back any row of any text, quotes, commas and line breaks included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 6 }), (fields) => {
        expect(cellsOf(`${encodeCsvRow(fields)}\n`)).toEqual([fields]);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets formula-looking device text reach a cell, whatever the text', () => {
    const formulaStart = fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\uFF1D',
      '\uFF0B',
      '\uFF0D',
      '\uFF20',
    );
    const hostile = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(formulaStart, fc.string({ unit: 'binary' })).map(([start, rest]) => start + rest),
    );
    fc.assert(
      fc.property(recordArb, hostile, (record, deviceId) => {
        const cells = cellsOf(encodeReportCsv({ ...record, deviceId }));
        const deviceCell = cells[0]?.[1] as string;
        expect(isFormulaLike(deviceCell)).toBe(false);
        for (const cell of cells[0] ?? []) expect(isFormulaLike(cell)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', true],
    ['+1+cmd|"/c calc"!A0', true],
    ['-2+3', true],
    ['@SUM(A1)', true],
    ['\t=1', true],
    ['\r=1', true],
    ['\uFF1D1+1', true],
    ['-12.5', false],
    ['1e+21', false],
    ['phone-0042', false],
  ])('judges %j formula-like: %s', (text, formula) => {
    expect(isFormulaLike(text)).toBe(formula);
    expect(neutraliseCell(text)).toBe(formula ? `'${text}` : text);
  });

  it.each(['=cmd', '+1', '-x', '@home', '.hidden', '_x', ':a', ''])(
    'refuses the device id %j (a device id starts with a letter or digit)',
    (deviceId) => {
      expect(DEVICE_ID_PATTERN.test(deviceId)).toBe(false);
      const violations = locationViolations(
        {
          deviceId,
          recordedAt: 0,
          latitude: 0,
          longitude: 0,
          accuracy: null,
          altitude: null,
          speed: null,
          heading: null,
        },
        0,
      );
      expect(violations.map((v) => v.field)).toEqual(['deviceId']);
    },
  );

  it('takes device ids that start with a letter or digit and go on with ._:@-', () => {
    for (const deviceId of ['a', '0', 'phone-0042', 'A.b_c:d@e-f', `x${'-'.repeat(127)}`]) {
      expect(DEVICE_ID_PATTERN.test(deviceId)).toBe(true);
    }
    expect(DEVICE_ID_PATTERN.test(`x${'-'.repeat(128)}`)).toBe(false);
  });
});
