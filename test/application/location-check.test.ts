import fc from 'fast-check';
import { checkLocationByContract } from '../../src/application/receive/contract-location-check';
import { checkLocation, LOCATION_FIELDS } from '../../src/application/receive/location-check';
import { badInputCatalogue } from '../reliability/bad-input-catalogue';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The location items of a request body, as the receive service reads them (objects only). */
const itemsOf = (body: unknown): Record<string, unknown>[] => {
  if (!isObject(body)) return [];
  if (!('locations' in body)) return [body];
  return Array.isArray(body.locations) ? body.locations.filter(isObject) : [];
};

const NOW = Date.parse('2026-11-28T09:15:00Z');
const VALID = {
  deviceId: 'phone-0042',
  latitude: 35.681236,
  longitude: 139.767125,
  timestamp: '2026-11-28T09:14:00Z',
};

describe('the hot path check of a location agrees with the declared contract (class-validator)', () => {
  it('on every location item of the bad-input catalogue', () => {
    let items = 0;
    let refused = 0;
    for (const entry of badInputCatalogue(NOW, 1024 * 1024)) {
      if (typeof entry.body !== 'string') continue;
      let body: unknown;
      try {
        body = JSON.parse(entry.body);
      } catch {
        continue;
      }
      for (const item of itemsOf(body)) {
        const fast = checkLocation(item);
        expect({ case: entry.name, answer: fast }).toEqual({
          case: entry.name,
          answer: checkLocationByContract(item),
        });
        items += 1;
        if (!fast.ok) refused += 1;
      }
    }
    // The catalogue reaches both answers, many times (not a vacuous comparison).
    expect(refused).toBeGreaterThan(60);
    expect(items - refused).toBeGreaterThan(20);
  });

  it('refuses each bad field with the contract words, in the contract order', () => {
    const answer = checkLocation({
      deviceId: 'café',
      latitude: '1',
      longitude: 181,
      timestamp: 'noon',
      heading: -1,
    });
    expect(answer).toEqual({
      ok: false,
      errors: [
        { field: 'deviceId', reason: expect.stringMatching(/^deviceId must be 1-128 characters/) },
        { field: 'latitude', reason: 'latitude must be a number' },
        { field: 'longitude', reason: 'longitude must be between -180 and 180' },
        { field: 'timestamp', reason: expect.stringMatching(/^timestamp must be ISO 8601 with a zone/) },
        { field: 'heading', reason: 'heading must be between 0 and 360' },
      ],
    });
    expect(answer).toEqual(
      checkLocationByContract({
        deviceId: 'café',
        latitude: '1',
        longitude: 181,
        timestamp: 'noon',
        heading: -1,
      }),
    );
  });

  const edgeNumber = fc.oneof(
    fc.constantFrom(0, -0, 90, -90, 180, -180, 360, 90.000001, -90.000001, 180.0001, -180.0001, 360.5, -0.1),
    fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Infinity, -Infinity),
    fc.double({ min: -400, max: 400 }),
    fc.double(),
    fc.integer(),
  );
  const wrongType = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('35.6', 'NaN', 'Infinity', '35,68', ''),
    fc.constantFrom({}, [], [90], { value: 3 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const number = fc.oneof({ weight: 4, arbitrary: edgeNumber }, { weight: 1, arbitrary: wrongType });
  const isoTime = fc
    .tuple(
      fc.date({
        min: new Date('1969-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.constantFrom('Z', 'z', '+09:00', '-05:30', '+0000', '+25:00', '', '+09', ' '),
      fc.constantFrom(0, 10, 19, 23, 24),
    )
    .map(([date, zone, cut]) => {
      const text = date.toISOString();
      return cut === 24 ? `${text.slice(0, 23)}${zone}` : cut === 0 ? text : `${text.slice(0, cut)}${zone}`;
    });
  const timestamp = fc.oneof(
    isoTime,
    fc.constantFrom(
      '2026-02-30T10:00:00Z',
      '2027-02-29T10:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-28T24:00:00Z',
    ),
    fc.double({ min: -10, max: 4e9 }),
    edgeNumber,
    wrongType,
  );
  const deviceId = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/),
    fc.string({ minLength: 0, maxLength: 140 }),
    fc.constantFrom('d'.repeat(128), 'd'.repeat(129), '', 'café-1', 'phone\u0000-1', '-lead', '=1+1'),
    wrongType,
  );
  const location = fc.record(
    {
      deviceId,
      latitude: number,
      longitude: number,
      timestamp,
      accuracy: number,
      altitude: number,
      speed: number,
      heading: number,
    },
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('recordId', 'receivedAt', 'constructor', 'toString'),
    ),
    fc.jsonValue({ maxDepth: 2 }),
    { maxKeys: 3 },
  );

  it('on generated items: valid and invalid, edge values, wrong types, missing and extra fields', () => {
    let accepted = 0;
    fc.assert(
      fc.property(location, extra, fc.boolean(), (fields, more, onValid) => {
        // On a valid location half the time, so that the absent fields are not all missing ones.
        const item: Record<string, unknown> = { ...more, ...(onValid ? VALID : {}), ...fields };
        const fast = checkLocation(item);
        if (fast.ok) accepted += 1;
        expect(fast).toEqual(checkLocationByContract(item));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('on generated items that are valid but for at most one field', () => {
    const field = fc.constantFrom(...LOCATION_FIELDS);
    const value = fc.oneof(number, timestamp, deviceId, fc.constant(undefined));
    let accepted = 0;
    fc.assert(
      fc.property(field, value, (name, v) => {
        const item: Record<string, unknown> = { ...VALID };
        if (v === undefined) delete item[name];
        else item[name] = v;
        const fast = checkLocation(item);
        if (fast.ok) accepted += 1;
        expect(fast).toEqual(checkLocationByContract(item));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });

  it('reads only the item own fields (an inherited one is absent)', () => {
    const item = Object.create({ latitude: 10 }) as Record<string, unknown>;
    Object.assign(item, { deviceId: 'p1', longitude: 1, timestamp: 1_700_000_000 });
    expect(checkLocation(item)).toEqual(checkLocationByContract(item));
    expect(checkLocation(item)).toEqual({
      ok: false,
      errors: [{ field: 'latitude', reason: 'latitude must be a number' }],
    });
  });
});
