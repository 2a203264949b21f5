import fc from 'fast-check';
import {
  CsvRowReader,
  computeRecordId,
  decodeLocationCsv,
  encodeCsvRow,
  encodeLocationCsv,
  encodeLocationLines,
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
