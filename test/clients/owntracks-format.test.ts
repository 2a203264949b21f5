import { ownTracksFormat } from '../../src/adapters/ingest';
import { parseLocations } from '../../src/application/receive/parse-locations';
import { DEFAULT_TIME_POLICY } from '../../src/domain';
import {
  FIX_SECONDS,
  JANE,
  JSON_TYPE,
  NOW,
  OWNTRACKS_BOOKLET_LOCATION,
  OWNTRACKS_OTHER_MESSAGES,
  OWNTRACKS_RECORDER_EXAMPLE,
  receiveAs,
} from './client-fixtures';

const post = (
  body: unknown,
  options: { headers?: Record<string, string>; query?: string; receivedAt?: number } = {},
) => receiveAs(ownTracksFormat, { ...options, body, headers: options.headers ?? JANE });

/** The record id `POST /locations` gives the same location. */
const nativeId = (location: Record<string, unknown>, receivedAt: number): string | undefined =>
  parseLocations(location, receivedAt, DEFAULT_TIME_POLICY, 1000).records[0]?.record.recordId;

describe('OwnTracks (HTTP mode) onto the native record', () => {
  it("maps the Recorder documentation's payload, with iOS's -1 for unknown cog, vel and vac left empty", async () => {
    const receivedAt = (1441984413 + 60) * 1000;
    const result = await post(OWNTRACKS_RECORDER_EXAMPLE, { receivedAt });
    expect(result.response).toEqual({ status: 202, body: [] });
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: 'jane:phone',
        latitude: 48.85833,
        longitude: 2.29513,
        recordedAt: 1441984413_000,
        accuracy: 5,
        // `vac: -1`: iOS's invalid altitude (the `alt: 0` beside it is no measurement).
        altitude: null,
        speed: null,
        heading: null,
        receivedAt,
      }),
    ]);
    const sameAsNative = nativeId(
      {
        deviceId: 'jane:phone',
        latitude: 48.85833,
        longitude: 2.29513,
        timestamp: 1441984413,
        accuracy: 5,
      },
      receivedAt,
    );
    expect(result.records[0]?.recordId).toBe(sameAsNative);
  });

  it("maps every element of the booklet's location: vel km/h to m/s exactly, cog to heading", async () => {
    const result = await post(OWNTRACKS_BOOKLET_LOCATION);
    expect(result.response.status).toBe(202);
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: 'jane:phone',
        latitude: 35.681236,
        longitude: 139.767125,
        recordedAt: FIX_SECONDS * 1000,
        accuracy: 12,
        altitude: 41,
        speed: 15,
        heading: 270,
      }),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.event?.data.recordIds).toEqual([result.records[0]?.recordId]);
  });

  it('gives the same record id to the same message sent twice', async () => {
    const first = await post(OWNTRACKS_BOOKLET_LOCATION, { receivedAt: NOW });
    const second = await post(OWNTRACKS_BOOKLET_LOCATION, { receivedAt: NOW + 30_000 });
    expect(second.records[0]?.recordId).toBe(first.records[0]?.recordId);
  });

  it.each([
    ['the X-Limit-U / X-Limit-D headers', { headers: JANE }, 'jane:phone'],
    ['?u=&d=', { headers: JSON_TYPE, query: 'u=joe&d=tablet' }, 'joe:tablet'],
    ['the headers over ?u=&d=', { headers: JANE, query: 'u=joe&d=tablet' }, 'jane:phone'],
    ['the topic when nothing else names them', { headers: JSON_TYPE }, 'jane:phone'],
    [
      'the device alone when no user is named',
      { headers: { ...JSON_TYPE, 'x-limit-d': 'phone' }, query: '' },
      'phone',
    ],
  ])('names the device by %s', async (_name, options, deviceId) => {
    const result = await post(OWNTRACKS_BOOKLET_LOCATION, options);
    expect(result.records.map((r) => r.deviceId)).toEqual([deviceId]);
  });

  it.each(OWNTRACKS_OTHER_MESSAGES.map((m) => [m._type, m] as const))(
    'acknowledges a %s message with the empty array and stores nothing',
    async (_type, message) => {
      const result = await post(message);
      expect(result.response).toEqual({ status: 200, body: [] });
      expect(result.records).toEqual([]);
    },
  );

  it('acknowledges a zero-length body (the booklet: sent when a friend is deleted)', async () => {
    const result = await post('', { headers: {} });
    expect(result.response).toEqual({ status: 200, body: [] });
  });

  // The Android app keeps a message that got anything but a 2xx at the head of its queue and
  // sends it again before any later one (owntracks/android HttpMessageProcessorEndpoint.kt:
  // `if (!response.isSuccessful) … onMessageDeliveryFailed`): a refusal is kept and acknowledged.
  it.each([
    ['malformed JSON', '{"_type":"location",', JANE, '', /not valid JSON/],
    [
      'a body that is not JSON',
      JSON.stringify(OWNTRACKS_BOOKLET_LOCATION),
      { ...JANE, 'content-type': 'text/plain' },
      '',
      /as JSON/,
    ],
    [
      'a message without _type',
      JSON.stringify({ lat: 1, lon: 2, tst: FIX_SECONDS }),
      JANE,
      '_type',
      /"_type"/,
    ],
    ['an array of messages', JSON.stringify([OWNTRACKS_BOOKLET_LOCATION]), JANE, '_type', /"_type"/],
    [
      'an encrypted message',
      JSON.stringify({ _type: 'encrypted', data: 'abc' }),
      JANE,
      '_type',
      /encryption off/,
    ],
  ])('keeps %s whole as a refused item and answers 200 []', async (_name, body, headers, field, reason) => {
    const result = await post(body, { headers });
    expect(result.response).toEqual({ status: 200, body: [] });
    expect(result.records).toEqual([]);
    expect(result.kept).toEqual([
      expect.objectContaining({
        route: '/owntracks',
        client: 'owntracks',
        deviceId: 'jane:phone',
        index: 0,
        field,
        reason: expect.stringMatching(reason),
        item: body,
        arrivedAt: NOW,
      }),
    ]);
  });

  it.each([
    ['without lat', { lat: undefined }, 'lat', /^latitude must/],
    ['with lat out of range', { lat: 91 }, 'lat', /between -90 and 90/],
    ['with lon as a string', { lon: '139.7' }, 'lon', /^longitude must/],
    ['with tst as text', { tst: 'yesterday' }, 'tst', /ISO 8601/],
    ['with tst in the far future', { tst: FIX_SECONDS + 86_400 }, 'tst', /in the future/],
    ['with a negative acc (an invalid fix on iOS)', { acc: -5 }, 'acc', /at least 0/],
    ['with vel as text', { vel: 'fast' }, 'vel', /^speed must/],
    ['with cog over 360', { cog: 400 }, 'cog', /between 0 and 360/],
    ['at (0, 0)', { lat: 0, lon: 0 }, 'lat,lon', /null island/],
  ])(
    'keeps a location %s as refused, naming its OwnTracks field, and answers 200 []',
    async (_name, change, field, reason) => {
      const message = { ...OWNTRACKS_BOOKLET_LOCATION, ...change };
      const result = await post(message);
      expect(result.response).toEqual({ status: 200, body: [] });
      expect(result.records).toEqual([]);
      expect(result.kept).toEqual([
        expect.objectContaining({
          deviceId: 'jane:phone',
          field,
          reason: expect.stringMatching(reason),
          item: JSON.stringify(message),
        }),
      ]);
    },
  );

  it('stores a fix at (0, 0) when LOCUS_ALLOW_NULL_ISLAND is on', async () => {
    const result = await receiveAs(ownTracksFormat, {
      body: { ...OWNTRACKS_BOOKLET_LOCATION, lat: 0, lon: 0 },
      headers: JANE,
      settings: { allowNullIsland: true },
    });
    expect(result.records).toEqual([expect.objectContaining({ latitude: 0, longitude: 0 })]);
    expect(result.kept).toEqual([]);
  });

  it('leaves alt empty when vac is negative (iOS: invalid altitude) and keeps it when vac is 0 (Android: unknown accuracy)', async () => {
    const ios = await post({ ...OWNTRACKS_BOOKLET_LOCATION, alt: 12, vac: -1 });
    const android = await post({ ...OWNTRACKS_BOOKLET_LOCATION, alt: 12, vac: 0 });
    expect(ios.records.map((r) => r.altitude)).toEqual([null]);
    expect(android.records.map((r) => r.altitude)).toEqual([12]);
  });

  it('keeps a location whose device is not named, saying how to name it', async () => {
    const { topic: _topic, ...untitled } = OWNTRACKS_BOOKLET_LOCATION;
    const result = await post(untitled, { headers: JSON_TYPE });
    expect(result.response).toEqual({ status: 200, body: [] });
    expect(result.kept).toEqual([
      expect.objectContaining({ deviceId: null, field: 'X-Limit-D', reason: expect.stringContaining('?u=') }),
    ]);
  });

  it('keeps a location whose user or device name is outside the device id characters, under that name', async () => {
    const result = await post(OWNTRACKS_BOOKLET_LOCATION, {
      headers: { ...JSON_TYPE, 'x-limit-u': 'jane doe', 'x-limit-d': 'phone' },
    });
    expect(result.response).toEqual({ status: 200, body: [] });
    expect(result.records).toEqual([]);
    expect(result.kept).toEqual([
      expect.objectContaining({ deviceId: 'jane doe:phone', field: 'X-Limit-U:X-Limit-D' }),
    ]);
  });
});
