import { overlandFormat } from '../../src/application/clients';
import {
  FIX_SECONDS,
  JSON_TYPE,
  NOW,
  OVERLAND_README_EXAMPLE,
  OVERLAND_README_TIME,
  receiveAs,
} from './client-fixtures';

const post = (
  body: unknown,
  options: { query?: string; receivedAt?: number; headers?: Record<string, string> } = {},
) => receiveAs(overlandFormat, { ...options, body, headers: options.headers ?? JSON_TYPE });

/** A GeoJSON Feature as Overland sends it, a minute before NOW. */
const feature = (
  coordinates: unknown = [139.767125, 35.681236],
  properties: Record<string, unknown> = {},
): Record<string, unknown> => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: {
    timestamp: new Date(FIX_SECONDS * 1000).toISOString().replace('.000Z', 'Z'),
    altitude: 40,
    speed: 1,
    horizontal_accuracy: 10,
    vertical_accuracy: 4,
    motion: ['walking'],
    battery_state: 'unplugged',
    battery_level: 0.5,
    device_id: 'phone-7',
    wifi: '',
    ...properties,
  },
});

describe('Overland onto the native record', () => {
  it("maps the README's example: [lon, lat] order, its -0700 timestamp, m/s speed", async () => {
    const result = await post(OVERLAND_README_EXAMPLE, {
      query: 'device_id=iphone-aaron',
      receivedAt: OVERLAND_README_TIME + 60_000,
    });
    expect(result.response.status).toBe(202);
    expect(result.body).toEqual({
      result: 'ok',
      accepted: 1,
      ids: [result.records[0]?.recordId],
      rejected: [],
      ignored: 0,
    });
    expect(result.records).toEqual([
      expect.objectContaining({
        deviceId: 'iphone-aaron',
        latitude: 37.3318,
        longitude: -122.030581,
        recordedAt: OVERLAND_README_TIME,
        accuracy: 30,
        altitude: 0,
        speed: 4,
        heading: null,
      }),
    ]);
  });

  it("refuses the README's example as sent without a device id, saying where to set one", async () => {
    const result = await post(OVERLAND_README_EXAMPLE, { receivedAt: OVERLAND_README_TIME + 60_000 });
    expect(result.response.status).toBe(400);
    expect(result.body).toEqual({
      result: 'error',
      error: 'invalid_request',
      message: 'no valid location in the request',
      rejected: [{ index: 0, field: 'properties.device_id', reason: expect.stringContaining('?device_id=') }],
    });
  });

  it("prefers the location's own device_id over ?device_id=", async () => {
    const result = await post({ locations: [feature()] }, { query: 'device_id=fallback' });
    expect(result.records.map((r) => r.deviceId)).toEqual(['phone-7']);
  });

  it('answers result ok only when the whole batch is durable', async () => {
    const result = await post({ locations: [feature(), feature([139.77, 35.68]), feature([139.78, 35.69])] });
    expect(result.response.status).toBe(202);
    expect(result.body.result).toBe('ok');
    expect(result.records).toHaveLength(3);
  });

  it('stores the valid items of a partly invalid batch, reports the others, and withholds result ok', async () => {
    const batch = {
      locations: [feature(), feature([139.77, 91]), feature([139.78, 35.69], { timestamp: 'noon' })],
    };
    const result = await post(batch);
    expect(result.response.status).toBe(202);
    expect(result.body).toEqual({
      result: 'error',
      error: 'invalid_request',
      message: expect.stringContaining('1 valid'),
      accepted: 1,
      ids: [result.records[0]?.recordId],
      rejected: [
        { index: 1, field: 'geometry.coordinates[1]', reason: 'latitude must be between -90 and 90' },
        { index: 2, field: 'properties.timestamp', reason: expect.stringContaining('ISO 8601') },
      ],
      ignored: 0,
    });
    // The app sends the batch again (no "ok"): the valid item comes back with the same record id.
    const resent = await post(batch, { receivedAt: NOW + 60_000 });
    expect(resent.body.ids).toEqual(result.body.ids);
  });

  it('acknowledges app events and visits (properties.action) without storing them', async () => {
    const visit = {
      ...feature(),
      properties: { timestamp: '2026-11-28T09:14:00Z', action: 'visit', horizontal_accuracy: 50 },
    };
    const event = {
      type: 'Feature',
      properties: { timestamp: '2026-11-28T09:14:00Z', action: 'paused_location_updates' },
    };
    const mixed = await post({ locations: [visit, feature(), event] });
    expect(mixed.response.status).toBe(202);
    expect(mixed.body).toEqual(expect.objectContaining({ result: 'ok', accepted: 1, ignored: 2 }));
    const onlyEvents = await post({ locations: [event] });
    expect(onlyEvents.response).toEqual({
      status: 200,
      body: { result: 'ok', accepted: 0, ids: [], rejected: [], ignored: 1 },
    });
  });

  it('leaves CoreLocation\'s -1 ("unknown") speed and course empty and keeps a third coordinate as altitude', async () => {
    const result = await post({
      locations: [feature([139.767125, 35.681236, 12.5], { speed: -1, course: -1, altitude: undefined })],
    });
    expect(result.records[0]).toEqual(
      expect.objectContaining({ speed: null, heading: null, altitude: 12.5 }),
    );
  });

  it.each([
    ['malformed JSON', '{"locations": [', 400, 'invalid_json'],
    [
      'a body without "locations"',
      JSON.stringify({ type: 'FeatureCollection', features: [] }),
      400,
      'invalid_request',
    ],
    ['an empty batch', JSON.stringify({ locations: [] }), 400, 'invalid_request'],
  ])('refuses %s', async (_name, body, status, error) => {
    const result = await post(body);
    expect(result.response.status).toBe(status);
    expect(result.body).toEqual(expect.objectContaining({ error }));
  });

  it('refuses a body that is not JSON with 415', async () => {
    const result = await post(OVERLAND_README_EXAMPLE, { headers: { 'content-type': 'text/plain' } });
    expect(result.response.status).toBe(415);
  });

  it.each([
    ['an item that is not an object', 'hello', '', /GeoJSON Feature/],
    [
      'an item without properties',
      { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] } },
      'properties',
      /object/,
    ],
    [
      'a LineString',
      {
        ...feature(),
        geometry: {
          type: 'LineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        },
      },
      'geometry',
      /Point/,
    ],
    ['one coordinate', feature([139.7]), 'geometry.coordinates', /longitude, latitude/],
    ['a longitude as text', feature(['139.7', 35.6]), 'geometry.coordinates[0]', /^longitude must/],
    [
      'a negative horizontal_accuracy (an invalid fix)',
      feature(undefined, { horizontal_accuracy: -1 }),
      'properties.horizontal_accuracy',
      /at least 0/,
    ],
  ])('refuses %s, naming the field', async (_name, item, field, reason) => {
    const result = await post({ locations: [item] });
    expect(result.response.status).toBe(400);
    expect(result.body.rejected).toEqual([{ index: 0, field, reason: expect.stringMatching(reason) }]);
    expect(result.records).toEqual([]);
  });
});
