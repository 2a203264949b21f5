import fc from 'fast-check';
import {
  canonicalNumber,
  encodeCsvRow,
  encodeLocationCsv,
  encodeReportCsv,
  formatInstant,
  type LocationRecord,
  neutraliseCell,
} from '../../src/domain';

const optional = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null });
const anyRecord: fc.Arbitrary<LocationRecord> = fc.record({
  recordId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string()),
  deviceId: fc.string(),
  recordedAt: fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 }),
  latitude: fc.double({ noNaN: true, noDefaultInfinity: true }),
  longitude: fc.double({ noNaN: true, noDefaultInfinity: true }),
  accuracy: optional,
  altitude: optional,
  speed: optional,
  heading: optional,
  receivedAt: fc.integer({ min: 0, max: 8_640_000_000_000 }),
});

/** The line as the generic row encoder writes it, field by field. */
const rowOf = (record: LocationRecord, deviceId: string): string =>
  encodeCsvRow([
    record.recordId,
    deviceId,
    formatInstant(record.recordedAt),
    canonicalNumber(record.latitude),
    canonicalNumber(record.longitude),
    canonicalNumber(record.accuracy),
    canonicalNumber(record.altitude),
    canonicalNumber(record.speed),
    canonicalNumber(record.heading),
    formatInstant(record.receivedAt),
  ]);

describe('record lines', () => {
  it('are the generic CSV row of the ten fields, stored and reported', () => {
    fc.assert(
      fc.property(anyRecord, (record) => {
        expect(encodeLocationCsv(record)).toBe(rowOf(record, record.deviceId));
        expect(encodeReportCsv(record)).toBe(rowOf(record, neutraliseCell(record.deviceId)));
      }),
      { numRuns: 1000 },
    );
  });
});
