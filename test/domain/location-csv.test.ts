import fc from 'fast-check';
import {
  CsvRowReader,
  computeRecordId,
  decodeLocationCsv,
  encodeCsvRow,
  encodeLocationCsv,
  encodeLocationLines,
  LOCATION_CSV_HEADER,
  type LocationRecord,
} from '../../src/domain';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const optional = (min: number, max: number) => fc.option(finite(min, max), { nil: null });

/** Any record, including device ids no device may send (the codec must still round-trip them). */
const anyRecord: fc.Arbitrary<LocationRecord> = fc
  .record({
    deviceId: fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }),
    recordedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    latitude: finite(-90, 90),
    longitude: finite(-180, 180),
    accuracy: optional(0, 1e6),
    altitude: optional(-1e4, 1e5),
    speed: optional(0, 1e3),
    heading: optional(0, 360),
    receivedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  })
  .map((r) => ({ ...r, recordId: computeRecordId(r) }));

const normalise = (r: LocationRecord): LocationRecord => ({
  ...r,
  latitude: r.latitude + 0,
  longitude: r.longitude + 0,
  accuracy: r.accuracy === null ? null : r.accuracy + 0,
  altitude: r.altitude === null ? null : r.altitude + 0,
  speed: r.speed === null ? null : r.speed + 0,
  heading: r.heading === null ? null : r.heading + 0,
});

describe('location CSV codec', () => {
  it('writes the contract columns in order', () => {
    const record: LocationRecord = {
      recordId: '0123456789abcdef0123456789abcdef',
      deviceId: 'phone-0042',
      recordedAt: Date.UTC(2026, 10, 28, 0, 15),
      latitude: 35.681236,
      longitude: 139.767125,
      accuracy: 12.5,
      altitude: null,
      speed: 0,
      heading: null,
      receivedAt: Date.UTC(2026, 10, 28, 0, 15, 1, 5),
    };
    expect(encodeLocationCsv(record)).toBe(
      '0123456789abcdef0123456789abcdef,phone-0042,2026-11-28T00:15:00.000Z,35.681236,139.767125,12.5,,0,,2026-11-28T00:15:01.005Z',
    );
  });

  it('round-trips any record, any device id, in one text', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 20 }), (records) => {
        expect(decodeLocationCsv(encodeLocationLines(records))).toEqual(records.map(normalise));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips whatever way the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(anyRecord, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (records, cuts) => {
          const text = records.map((r) => `${encodeLocationCsv(r)}\r\n`).join('');
          const points = [...new Set(cuts.map((c) => c % text.length))].sort((a, b) => a - b);
          const reader = new CsvRowReader();
          const rows: string[][] = [];
          let from = 0;
          for (const point of [...points, text.length]) {
            reader.push(text.slice(from, point), rows);
            from = point;
          }
          reader.end(rows);
          expect(rows.map((row) => encodeCsvRow(row))).toEqual(records.map(encodeLocationCsv));
        },
      ),
      { numRuns: 300 },
    );
  });

  /** Texts of one number: its shortest form and others that read as it, or as a number near it. */
  const numberText = (value: number): fc.Arbitrary<string> =>
    fc
      .oneof(
        fc.constantFrom(
          String(value),
          `${value}0`,
          `0${value}`,
          `+${value}`,
          value.toExponential(),
          String(-value),
          `${Math.trunc(value)}.0`,
          ` ${value}`,
          value.toFixed(20).replace(/\.?0+$/, ''),
        ),
        fc.integer({ min: 1, max: 21 }).map((digits) => value.toPrecision(digits)),
        fc.integer({ min: 0, max: 14 }).map((decimals) => value.toFixed(decimals)),
      )
      .filter((text) => Number.isFinite(Number(text)));
  const oddNumber = fc.oneof(
    // Short decimals, as devices send them: their shortest text is the regular one.
    fc.integer({ min: -18_000_000, max: 18_000_000 }).map((n) => n / 100_000),
    finite(-1e7, 1e7),
    fc.constantFrom(0, -0, 1e-6, 1e-7, 0.000001234, 123456.123456789, 1234567.5, 0.1 + 0.2, 1e21),
  );
  const requiredText = oddNumber.chain(numberText);
  const optionalText = fc.oneof(fc.constant(''), requiredText);

  /** A record's line with each number written in any text that reads as a number. */
  const lineWithOddNumbers = fc
    .tuple(
      anyRecord,
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,20}$/),
      fc.tuple(requiredText, requiredText, optionalText, optionalText, optionalText, optionalText),
    )
    .map(([record, deviceId, numbers]) => {
      const fields = encodeLocationCsv({ ...record, deviceId }).split(',');
      return [...fields.slice(0, 3), ...numbers, fields[9]].join(',');
    });

  it('writes a decoded record back as the codec writes its fields, however the line wrote its numbers', () => {
    fc.assert(
      fc.property(fc.array(lineWithOddNumbers, { minLength: 1, maxLength: 6 }), (lines) => {
        for (const decoded of decodeLocationCsv(lines.join('\n'))) {
          // A copy is a record the codec never read: it is written from its fields.
          expect(encodeLocationCsv(decoded)).toBe(encodeLocationCsv({ ...decoded }));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('writes back, as the number they read as, texts that are not its shortest form', () => {
    // 999999.4072053028 and 9999999.931826251 read as doubles whose shortest texts differ.
    const texts = [
      '+1',
      '1.50',
      '01',
      '1e3',
      '.5',
      '-0',
      '0.0000001',
      '999999.4072053028',
      '9999999.931826251',
    ];
    const head = '0123456789abcdef0123456789abcdef,phone-1,2026-11-28T00:15:00.000Z,35.5';
    for (const text of texts) {
      const [decoded] = decodeLocationCsv(`${head},${text},${text},,,${text},2026-11-28T00:15:01.005Z`);
      const number = String(Number(text) + 0);
      expect(encodeLocationCsv(decoded as LocationRecord)).toBe(
        `${head},${number},${number},,,${number},2026-11-28T00:15:01.005Z`,
      );
    }
  });

  it('decodes lines without quotes as the RFC 4180 reader does (blank lines, a header, CR LF)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(anyRecord.map(encodeLocationCsv), fc.constantFrom('', LOCATION_CSV_HEADER)), {
          maxLength: 8,
        }),
        fc.constantFrom('\n', '\r\n'),
        (lines, lineEnd) => {
          const text = lines.join(lineEnd);
          let expected: unknown;
          try {
            const rows: string[][] = [];
            const reader = new CsvRowReader();
            reader.push(text, rows);
            reader.end(rows);
            expected = rows.filter((row) => row[0] !== 'record_id').map((row) => encodeCsvRow(row));
          } catch (error) {
            expected = error;
          }
          const decoded = (() => {
            try {
              return decodeLocationCsv(text).map((record) => encodeLocationCsv({ ...record }));
            } catch (error) {
              return error;
            }
          })();
          expect(decoded).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(encodeCsvRow(['a,b', 'say "hi"', 'two\nlines', 'plain'])).toBe(
      '"a,b","say ""hi""","two\nlines",plain',
    );
  });

  it('refuses malformed rows with a reason', () => {
    expect(() => decodeLocationCsv('x,y\n')).toThrow('expected 10 fields');
    expect(() =>
      decodeLocationCsv('0123456789abcdef0123456789abcdef,d,bad,1,2,,,,,2026-11-28T00:15:01.005Z\n'),
    ).toThrow('ISO 8601');
    expect(() => decodeLocationCsv('"unterminated')).toThrow('inside a quoted field');
  });

  it('skips a header row', () => {
    const text =
      'record_id,device_id,recorded_at,latitude,longitude,accuracy,altitude,speed,heading,received_at\n';
    expect(decodeLocationCsv(text)).toEqual([]);
  });
});
