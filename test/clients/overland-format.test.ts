import { overlandFormat } from '../../src/adapters/ingest';
import {
  FIX_SECONDS,
  JSON_TYPE,
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
  it("maps the README's example: [lon, lat] order, its -0700 timestamp, m/s speed, no altitude (vertical_accuracy -1)", async () => {
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
        altitude: null,
        speed: 4,
        heading: null,
      }),
    ]);
  });

  it("keeps the README's example as sent without a device id as refused, saying where to set one, and answers ok", async () => {
    const result = await post(OVERLAND_README_EXAMPLE, { receivedAt: OVERLAND_README_TIME + 60_000 });
    expect(result.response.status).toBe(200);
    expect(result.body).toEqual({
      result: 'ok',
      accepted: 0,
      ids: [],
      rejected: [{ index: 0, field: 'properties.device_id', reason: expect.stringContaining('?device_id=') }],
      ignored: 0,
    });
    expect(result.kept).toEqual([
      expect.objectContaining({
        deviceId: null,
        field: 'properties.device_id',
        item: JSON.stringify(OVERLAND_README_EXAMPLE.locations[0]),
      }),
    ]);
  });

  it("prefers the location's own device_id over ?device_id=", async () => {
    const result = await post({ locations: [feature()] }, { query: 'device_id=fallback' });
    expect(result.records.map((r) => r.deviceId)).toEqual(['phone-7']);
  });

  it('answers result ok once the whole batch is durable', async () => {
    const result = await post({ locations: [feature(), feature([139.77, 35.68]), feature([139.78, 35.69])] });
    expect(result.response.status).toBe(202);
    expect(result.body.result).toBe('ok');
    expect(result.records).toHaveLength(3);
  });

  // The app deletes a batch only on { "result": "ok" } and resends the whole batch otherwise
  // (aaronpk/Overland-iOS GLManager.m, README "API"): one bad point must not hold back the others.
  it('stores the valid items of a partly invalid batch, keeps the others as refused, and answers ok', async () => {
    const batch = {
      locations: [feature(), feature([139.77, 91]), feature([139.78, 35.69], { timestamp: 'noon' })],
    };
    const result = await post(batch);
    expect(result.response.status).toBe(202);
    expect(result.body).toEqual({
      result: 'ok',
      accepted: 1,
      ids: [result.records[0]?.recordId],
      rejected: [
        { index: 1, field: 'geometry.coordinates[1]', reason: 'latitude must be between -90 and 90' },
        { index: 2, field: 'properties.timestamp', reason: expect.stringContaining('ISO 8601') },
      ],
      ignored: 0,
    });
    const kept = [...result.kept].sort((a, b) => a.index - b.index);
    expect(kept.map((item) => [item.index, item.deviceId, item.item])).toEqual([
      [1, 'phone-7', JSON.stringify(batch.locations[1])],
      [2, 'phone-7', JSON.stringify(batch.locations[2])],
    ]);
  });

  // GLManager.m queues a trip summary with the locations: `properties.type: "trip"`, `start`,
  // `end`, `distance`, …, timestamp = the trip's end, geometry = the last point or null.
  it('ignores trip summaries, with or without a geometry', async () => {
    const trip = (geometry: unknown) => ({
      type: 'Feature',
      geometry,
      properties: {
        timestamp: '2026-11-28T09:14:00Z',
        type: 'trip',
        mode: 'bicycle',
        start: '2026-11-28T08:30:00Z',
        end: '2026-11-28T09:14:00Z',
        start_location: null,
        end_location: null,
        duration: 2640,
        distance: 10200,
        stopped_automatically: false,
        steps: 0,
        device_id: 'phone-7',
      },
    });
    const result = await post({
      locations: [trip({ type: 'Point', coordinates: [139.77, 35.68] }), feature(), trip(null)],
    });
    expect(result.body).toEqual(
      expect.objectContaining({ result: 'ok', accepted: 1, rejected: [], ignored: 2 }),
    );
    expect(result.records).toEqual([expect.objectContaining({ latitude: 35.681236, longitude: 139.767125 })]);
    expect(result.kept).toEqual([]);
  });

  it('keeps a (0, 0) "null island" point as refused', async () => {
    const result = await post({ locations: [feature([0, 0]), feature()] });
    expect(result.body).toEqual(
      expect.objectContaining({
        result: 'ok',
        accepted: 1,
        rejected: [
          {
            index: 0,
            field: 'geometry.coordinates[1],geometry.coordinates[0]',
            reason: expect.stringContaining('null island'),
          },
        ],
      }),
    );
    expect(result.records.map((r) => r.latitude)).toEqual([35.681236]);
  });

  it.each([
    ['-1 (invalid)', -1, null],
    ['0', 0, null],
    ['4 m', 4, 40],
  ])('takes the altitude with a vertical_accuracy of %s as %p', async (_name, verticalAccuracy, altitude) => {
    const result = await post({ locations: [feature(undefined, { vertical_accuracy: verticalAccuracy })] });
    expect(result.records.map((r) => r.altitude)).toEqual([altitude]);
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
    ['malformed JSON', '{"locations": [', JSON_TYPE, 'locations', /not valid JSON/],
    [
      'a body without "locations"',
      JSON.stringify({ type: 'FeatureCollection', features: [] }),
      JSON_TYPE,
      'locations',
      /"locations"/,
    ],
    [
      'a body that is not JSON',
      JSON.stringify(OVERLAND_README_EXAMPLE),
      { 'content-type': 'text/plain' },
      '',
      /JSON/,
    ],
  ])('keeps %s whole as one refused item and answers ok', async (_name, body, headers, field, reason) => {
    const result = await post(body, { headers, query: 'device_id=jane-iphone' });
    expect(result.response.status).toBe(200);
    expect(result.body.result).toBe('ok');
    expect(result.kept).toEqual([
      expect.objectContaining({
        deviceId: 'jane-iphone',
        field: field === 'locations' && body.startsWith('{"locations"') ? '' : field,
        reason: expect.stringMatching(reason),
        item: body,
      }),
    ]);
  });

  it('answers ok to an empty batch (nothing to store or keep)', async () => {
    const result = await post(JSON.stringify({ locations: [] }));
    expect(result.response).toEqual({
      status: 200,
      body: { result: 'ok', accepted: 0, ids: [], rejected: [], ignored: 0 },
    });
    expect(result.kept).toEqual([]);
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
  ])('keeps %s as refused, naming the field', async (_name, item, field, reason) => {
    const result = await post({ locations: [item] });
    expect(result.response.status).toBe(200);
    expect(result.body.result).toBe('ok');
    expect(result.body.rejected).toEqual([{ index: 0, field, reason: expect.stringMatching(reason) }]);
    expect(result.records).toEqual([]);
    expect(result.kept).toEqual([expect.objectContaining({ field, item: JSON.stringify(item) })]);
  });
});
