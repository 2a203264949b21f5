import { ownTracksFormat } from '../../src/application/clients';
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
  it("maps the Recorder documentation's payload, with iOS's -1 for unknown cog and vel left empty", async () => {
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
        altitude: 0,
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
        altitude: 0,
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

  it.each([
    ['malformed JSON', '{"_type":"location",', JANE, 400, 'invalid_json'],
    [
      'a body that is not JSON',
      JSON.stringify(OWNTRACKS_BOOKLET_LOCATION),
      { ...JANE, 'content-type': 'text/plain' },
      415,
      'unsupported_media_type',
    ],
    [
      'a message without _type',
      JSON.stringify({ lat: 1, lon: 2, tst: FIX_SECONDS }),
      JANE,
      400,
      'invalid_request',
    ],
    ['an array of messages', JSON.stringify([OWNTRACKS_BOOKLET_LOCATION]), JANE, 400, 'invalid_request'],
    [
      'an encrypted message',
      JSON.stringify({ _type: 'encrypted', data: 'abc' }),
      JANE,
      400,
      'invalid_request',
    ],
  ])('refuses %s', async (_name, body, headers, status, error) => {
    const result = await post(body, { headers });
    expect(result.response.status).toBe(status);
    expect(result.response.body).toEqual(expect.objectContaining({ error }));
    expect(result.records).toEqual([]);
  });

  it.each([
    ['without lat', { lat: undefined }, 'lat', /^latitude must/],
    ['with lat out of range', { lat: 91 }, 'lat', /between -90 and 90/],
    ['with lon as a string', { lon: '139.7' }, 'lon', /^longitude must/],
    ['with tst as text', { tst: 'yesterday' }, 'tst', /ISO 8601/],
    ['with tst in the far future', { tst: FIX_SECONDS + 86_400 }, 'tst', /in the future/],
    ['with a negative acc', { acc: -5 }, 'acc', /at least 0/],
    ['with vel as text', { vel: 'fast' }, 'vel', /^speed must/],
    ['with cog over 360', { cog: 400 }, 'cog', /between 0 and 360/],
  ])('refuses a location %s, naming its OwnTracks field', async (_name, change, field, reason) => {
    const result = await post({ ...OWNTRACKS_BOOKLET_LOCATION, ...change });
    expect(result.response).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        message: 'no valid location in the request',
        rejected: [{ index: 0, field, reason: expect.stringMatching(reason) }],
      },
    });
    expect(result.records).toEqual([]);
  });

  it('refuses a location whose device is not named, saying how to name it', async () => {
    const { topic: _topic, ...untitled } = OWNTRACKS_BOOKLET_LOCATION;
    const result = await post(untitled, { headers: JSON_TYPE });
    expect(result.response.status).toBe(400);
    expect(result.response.body).toEqual(
      expect.objectContaining({
        rejected: [{ index: 0, field: 'X-Limit-D', reason: expect.stringContaining('?u=') }],
      }),
    );
  });

  it('refuses a user or device name outside the device id characters', async () => {
    const result = await post(OWNTRACKS_BOOKLET_LOCATION, {
      headers: { ...JSON_TYPE, 'x-limit-u': 'jane doe', 'x-limit-d': 'phone' },
    });
    expect(result.response.status).toBe(400);
    expect(result.response.body).toEqual(
      expect.objectContaining({ rejected: [expect.objectContaining({ field: 'X-Limit-U:X-Limit-D' })] }),
    );
  });
});
