import fc from 'fast-check';
import {
  CsvRowReader,
  decodeLocationCsv,
  decodeLocationRow,
  encodeLocationCsv,
  isHeaderRow,
  isSurelyCanonicalNumber,
  type LocationRecord,
} from '../../src/domain';

/** The text of a number as devices and older writers may send it: canonical or not. */
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.stringMatching(/^-?[0-9]{1,23}(\.[0-9]{1,20})?$/),
  fc.stringMatching(/^-?0\.0{0,8}[1-9][0-9]{0,4}$/),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => n.toFixed(6)),
  fc.constantFrom(
    '0',
    '-0',
    '-0.0',
    '1.50',
    '1e5',
    ' 2',
    '+3',
    '0x10',
    '.5',
    '5.',
    '1e21',
    '0.000001',
    '0.0000001',
  ),
);
const optionalText = fc.oneof(fc.constant(''), numberText);
const instantText = fc
  .integer({ min: -62_000_000_000_000, max: 253_402_300_799_999 })
  .map((ms) => new Date(ms).toISOString());

/** A line without quotes or carriage returns, its fields as given (not always a record). */
const plainLine = fc
  .tuple(
    fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.string()),
    fc.string({ minLength: 1 }),
    instantText,
    numberText,
    numberText,
    optionalText,
    optionalText,
    optionalText,
    optionalText,
    instantText,
  )
  .map((fields) => fields.map((field) => field.replace(/[",\r\n]/g, '_')).join(','));

/** What the CSV reader gives for the same text: the slow path, kept for text with quotes. */
const throughReader = (text: string): LocationRecord[] => {
  const rows: string[][] = [];
  const reader = new CsvRowReader();
  reader.push(text, rows);
  reader.end(rows);
  return rows.filter((row) => !isHeaderRow(row)).map(decodeLocationRow);
};

const outcome = (decode: () => LocationRecord[]): unknown => {
  try {
    return decode();
  } catch (error) {
    return { failed: (error as Error).message };
  }
};

describe('lines remembered with the records decoded from them', () => {
  it('a number text said to be canonical is the text JavaScript writes for its number', () => {
    fc.assert(
      fc.property(numberText, (text) => {
        if (isSurelyCanonicalNumber(text)) expect(String(Number(text))).toBe(text);
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['35.6812', '-139.7671', '0', '12', '0.000001', '-0.5', '123456789012345'])
      expect(isSurelyCanonicalNumber(text)).toBe(true);
    for (const text of ['-0', '1.50', '1e5', '0.0000001', '1234567890123456', '01', '.5', '5.', ''])
      expect(isSurelyCanonicalNumber(text)).toBe(false);
  });

  it('decodes text without quotes as the CSV reader does, and writes each record back as encoding it writes it', () => {
    let remembered = 0;
    let encodedAgain = 0;
    fc.assert(
      fc.property(fc.array(plainLine, { maxLength: 5 }), fc.boolean(), (lines, trailing) => {
        const text = lines.join('\n') + (trailing ? '\n' : '');
        const fast = outcome(() => decodeLocationCsv(text));
        expect(fast).toEqual(outcome(() => throughReader(text)));
        if (!Array.isArray(fast)) return;
        for (const record of fast as LocationRecord[]) {
          // A copy is not remembered: it is encoded from its fields.
          expect(encodeLocationCsv(record)).toBe(encodeLocationCsv({ ...record }));
          if (Object.isFrozen(record)) remembered++;
          else encodedAgain++;
        }
      }),
      { numRuns: 5_000 },
    );
    // Both kinds of line were met: kept ones and ones written anew.
    expect(remembered).toBeGreaterThan(100);
    expect(encodedAgain).toBeGreaterThan(100);
  });

  it('keeps the line of a usual record, and freezes the record so that the line cannot go stale', () => {
    const line =
      '0fb379570a3b11cc5decf8a3d26dfa40,device-00873,2026-11-28T00:00:31.427Z,35.873,139.096,23.5,,1.5,,2026-11-28T00:00:33.427Z';
    const [record] = decodeLocationCsv(line) as [LocationRecord];
    expect(Object.isFrozen(record)).toBe(true);
    expect(encodeLocationCsv(record)).toBe(line);
    expect(() => {
      (record as { latitude: number }).latitude = 1;
    }).toThrow(TypeError);
  });

  it('does not keep a line that encoding would write otherwise', () => {
    const line =
      '0fb379570a3b11cc5decf8a3d26dfa40,device-00873,2026-11-28T00:00:31.427Z,35.8730,1.39096e2,23.5,,1.5,,2026-11-28T00:00:33.427Z';
    const [record] = decodeLocationCsv(line) as [LocationRecord];
    expect(encodeLocationCsv(record)).toBe(
      '0fb379570a3b11cc5decf8a3d26dfa40,device-00873,2026-11-28T00:00:31.427Z,35.873,139.096,23.5,,1.5,,2026-11-28T00:00:33.427Z',
    );
  });
});
