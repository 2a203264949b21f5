import { knotsToMetresPerSecond, osmAndFormat, osmAndTimestamp } from '../../src/adapters/ingest';
import {
  FIX_SECONDS,
  JSON_TYPE,
  OSMAND_DOC_EXAMPLE_QUERY,
  receiveAs,
  TRACCAR_CLIENT_QUERY,
  TRACCAR_JSON_EXAMPLE,
} from './client-fixtures';

const send = (
  options: {
    method?: string;
    query?: string;
    body?: string;
    headers?: Record<string, string>;
    receivedAt?: number;
  } = {},
) => receiveAs(osmAndFormat, options);

describe('Traccar Client / OsmAnd onto the native record', () => {
  it("maps the protocol page's example GET, speed in knots", async () => {
    const result = await send({ method: 'GET', query: OSMAND_DOC_EXAMPLE_QUERY });
    expect(result.response).toEqual({
      status: 202,
      body: { accepted: 1, ids: [result.records[0]?.recordId], rejected: [] },
    });
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: '123456',
        latitude: 35.681236,
        longitude: 139.767125,
        recordedAt: FIX_SECONDS * 1000,
        altitude: 40.5,
        speed: 5.144444444444445,
        accuracy: null,
        heading: null,
      }),
    ]);
    expect(result.records[0]?.speed).toBe(knotsToMetresPerSecond(10));
  });

  it("maps Traccar Client's POST with its query parameters (bearing, accuracy)", async () => {
    const result = await send({ method: 'POST', query: TRACCAR_CLIENT_QUERY });
    expect(result.response.status).toBe(202);
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: '48241179',
        recordedAt: FIX_SECONDS * 1000,
        speed: knotsToMetresPerSecond(19.438440000000003),
        heading: 92.5,
        altitude: 40,
        accuracy: 8,
      }),
    ]);
  });

  it('reads form parameters of a POST body, the query winning over the body', async () => {
    const result = await send({
      method: 'POST',
      body: TRACCAR_CLIENT_QUERY,
      query: 'id=from-query',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(result.records).toEqual([expect.objectContaining({ deviceId: 'from-query', heading: 92.5 })]);
  });

  it('reads deviceid, location=lat,lon and heading as the Traccar server does', async () => {
    const result = await send({
      query: `deviceid=car-1&location=35.5,139.5&heading=10&timestamp=${FIX_SECONDS}`,
    });
    expect(result.records).toEqual([
      expect.objectContaining({ deviceId: 'car-1', latitude: 35.5, longitude: 139.5, heading: 10 }),
    ]);
  });

  it.each([
    ['epoch seconds', String(FIX_SECONDS), FIX_SECONDS * 1000],
    ['epoch milliseconds (OsmAnd)', String(FIX_SECONDS * 1000 + 250), FIX_SECONDS * 1000 + 250],
    ['fractional epoch seconds', `${FIX_SECONDS}.5`, FIX_SECONDS * 1000 + 500],
    ['ISO 8601 with Z', '2026-11-28T09:14:00Z', FIX_SECONDS * 1000],
    ['ISO 8601 whose + arrived unescaped', '2026-11-28T18:14:00+09:00', FIX_SECONDS * 1000],
    ['ISO 8601 with an escaped +', encodeURIComponent('2026-11-28T18:14:00+09:00'), FIX_SECONDS * 1000],
  ])('reads a timestamp in %s', async (_name, timestamp, recordedAt) => {
    const result = await send({ query: `id=car-1&lat=35&lon=139&timestamp=${timestamp}` });
    expect(result.records.map((r) => r.recordedAt)).toEqual([recordedAt]);
  });

  it('tells seconds from milliseconds at 2^31 - 1, as the Traccar server does', () => {
    expect(osmAndTimestamp('2147483646')).toBe(2147483646);
    expect(osmAndTimestamp('2147483647')).toBe('1970-01-25T20:31:23.647Z');
  });

  // The protocol page's example is all zeros: (0, 0) is "null island", the position of no fix.
  it("keeps Traccar Client 9's JSON example (the protocol page's, at (0, 0)) as refused, and answers 200", async () => {
    const result = await send({
      body: JSON.stringify(TRACCAR_JSON_EXAMPLE),
      headers: JSON_TYPE,
      receivedAt: Date.UTC(2000, 0, 1, 0, 1, 0),
    });
    expect(result.response.status).toBe(200);
    expect(result.records).toEqual([]);
    expect(result.kept).toEqual([
      expect.objectContaining({
        deviceId: '48241179',
        field: 'location.coords.latitude,location.coords.longitude',
        reason: expect.stringContaining('null island'),
        item: JSON.stringify(TRACCAR_JSON_EXAMPLE.location),
      }),
    ]);
  });

  const jsonLocation = (coords: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    ...TRACCAR_JSON_EXAMPLE.location,
    timestamp: '2026-11-28T09:14:00.000Z',
    coords: { latitude: 35, longitude: 139, accuracy: 5, speed: 2, heading: 90, altitude: 3, ...coords },
    ...extra,
  });

  it("maps Traccar Client 9's JSON body, speed in m/s", async () => {
    const result = await send({
      body: JSON.stringify({ ...TRACCAR_JSON_EXAMPLE, location: jsonLocation({ altitude_accuracy: 4 }) }),
      headers: JSON_TYPE,
    });
    expect(result.response.status).toBe(202);
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: '48241179',
        latitude: 35,
        longitude: 139,
        recordedAt: Date.UTC(2026, 10, 28, 9, 14),
        accuracy: 5,
        speed: 2,
        heading: 90,
        altitude: 3,
      }),
    ]);
  });

  it('leaves the JSON format\'s -1 ("unknown") speed, heading, accuracy and altitude accuracy empty', async () => {
    const location = jsonLocation({ speed: -1, heading: -1, accuracy: -1, altitude_accuracy: -1 });
    const result = await send({
      body: JSON.stringify({ ...TRACCAR_JSON_EXAMPLE, location }),
      headers: JSON_TYPE,
    });
    expect(result.records).toEqual([
      expect.objectContaining({ speed: null, heading: null, accuracy: null, altitude: null }),
    ]);
  });

  it("ignores the location SDK's provisional samples (sample: true) in a list", async () => {
    const result = await send({
      body: JSON.stringify({
        ...TRACCAR_JSON_EXAMPLE,
        location: [jsonLocation({}, { sample: true }), jsonLocation({ latitude: 36 })],
      }),
      headers: JSON_TYPE,
    });
    expect(result.records.map((r) => r.latitude)).toEqual([36]);
    expect(result.kept).toEqual([]);
  });

  // Android reports no accuracy as 0 (Location.getAccuracy()); the Traccar server flags valid=false.
  it('leaves an accuracy of 0 empty and keeps a fix marked valid=false as refused', async () => {
    const none = await send({ method: 'GET', query: 'id=a&lat=35&lon=139&timestamp=1795857240&accuracy=0' });
    expect(none.records.map((r) => r.accuracy)).toEqual([null]);
    const invalid = await send({
      method: 'GET',
      query: 'id=a&lat=35&lon=139&timestamp=1795857240&valid=false',
    });
    expect(invalid.response.status).toBe(200);
    expect(invalid.records).toEqual([]);
    expect(invalid.kept).toEqual([
      expect.objectContaining({
        deviceId: 'a',
        field: 'valid',
        item: 'id=a&lat=35&lon=139&timestamp=1795857240&valid=false',
      }),
    ]);
  });

  it.each([
    ['without id', 'lat=35&lon=139&timestamp=1795857240', 'id', /^deviceId must/],
    [
      'with an id outside the device id characters',
      'id=my car&lat=35&lon=139&timestamp=1795857240',
      'id',
      /characters/,
    ],
    ['with lat as text', 'id=a&lat=north&lon=139&timestamp=1795857240', 'lat', /^latitude must/],
    ['with lon out of range', 'id=a&lat=35&lon=190&timestamp=1795857240', 'lon', /between -180 and 180/],
    ['without timestamp (a resend would get a new id)', 'id=a&lat=35&lon=139', 'timestamp', /ISO 8601/],
    [
      'with a timestamp without a zone',
      'id=a&lat=35&lon=139&timestamp=2026-11-28 09:14:00',
      'timestamp',
      /ISO 8601/,
    ],
    ['with a negative speed', 'id=a&lat=35&lon=139&timestamp=1795857240&speed=-3', 'speed', /at least 0/],
    [
      'with bearing over 360',
      'id=a&lat=35&lon=139&timestamp=1795857240&bearing=361',
      'bearing',
      /between 0 and 360/,
    ],
    ['at (0, 0)', 'id=a&lat=0&lon=0&timestamp=1795857240', 'lat,lon', /null island/],
  ])(
    'keeps a location %s as refused, naming the parameter, and answers 200',
    async (_name, query, field, reason) => {
      const result = await send({ method: 'GET', query });
      expect(result.response).toEqual({
        status: 200,
        body: {
          accepted: 0,
          ids: [],
          rejected: [{ index: 0, field, reason: expect.stringMatching(reason) }],
        },
      });
      expect(result.records).toEqual([]);
      expect(result.kept).toEqual([
        expect.objectContaining({ field, item: new URLSearchParams(query).toString() }),
      ]);
    },
  );

  it('refuses a request without parameters (no message of an app: nothing to keep)', async () => {
    const result = await send({ method: 'GET' });
    expect(result.response).toEqual({
      status: 400,
      body: { error: 'invalid_request', message: expect.stringContaining('?id='), rejected: [] },
    });
    expect(result.kept).toEqual([]);
  });

  it('keeps malformed JSON and a JSON body without "location" as refused, and answers 200', async () => {
    const malformed = await send({ body: '{"location":', headers: JSON_TYPE });
    expect(malformed.response.status).toBe(200);
    expect(malformed.kept).toEqual([
      expect.objectContaining({ item: '{"location":', reason: expect.stringContaining('JSON') }),
    ]);
    const missing = await send({ body: JSON.stringify({ device_id: 'x' }), headers: JSON_TYPE });
    expect(missing.response.status).toBe(200);
    expect(missing.kept).toEqual([expect.objectContaining({ field: 'location' })]);
  });
});
