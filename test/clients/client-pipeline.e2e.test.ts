import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempDataDir } from '../adapters/local/temp-data-dir';
import { locus } from '../cli/cli-harness';
import { type HttpFixture, httpFixture } from '../http/http-fixture';
import { decodeReport } from '../support/server-process';
import {
  FIX_SECONDS,
  JANE,
  JSON_TYPE,
  NOW,
  OWNTRACKS_BOOKLET_LOCATION,
  TRACCAR_JSON_EXAMPLE,
} from './client-fixtures';

jest.setTimeout(60_000);

const DATE = '2026-11-28';
const FIX_ISO = new Date(FIX_SECONDS * 1000).toISOString();

/** An Overland location as GLManager.m queues it (aaronpk/Overland-iOS). */
const overlandPoint = (lon: number, lat: number) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: {
    timestamp: FIX_ISO.replace('.000Z', 'Z'),
    altitude: 40,
    speed: 1,
    horizontal_accuracy: 10,
    vertical_accuracy: 4,
    device_id: 'jane-iphone',
  },
});

/** An Overland trip summary as GLManager.m queues it: timestamp = trip end, geometry = last point. */
const overlandTrip = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [139.7, 35.6] },
  properties: {
    timestamp: FIX_ISO.replace('.000Z', 'Z'),
    type: 'trip',
    mode: 'walking',
    start: '2026-11-28T08:00:00Z',
    end: FIX_ISO.replace('.000Z', 'Z'),
    duration: 4440,
    distance: 5200,
    device_id: 'jane-iphone',
  },
};

/** A Traccar Client 9+ location (https://www.traccar.org/osmand/, the JSON format). */
const traccarLocation = (latitude: unknown, extra: Record<string, unknown> = {}) => ({
  ...TRACCAR_JSON_EXAMPLE.location,
  timestamp: FIX_ISO,
  coords: { latitude, longitude: 139.76, accuracy: 6, speed: 1, heading: 10, altitude: 30 },
  ...extra,
});

describe('tracking apps end to end on the local profile: ok, the good items in the CSV once, the bad ones listed', () => {
  let fixture: HttpFixture | undefined;
  let remove: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await fixture?.close();
    await remove?.();
    fixture = undefined;
  });

  it('a batch of each app mixing a good point, a bad point and a non-fix', async () => {
    const temp = await tempDataDir();
    remove = temp.remove;
    const env = { LOCUS_PROFILE: 'local', LOCUS_DATA_DIR: temp.dataDir };
    fixture = await httpFixture(env);
    const server = fixture;
    server.clock.set(NOW);

    const overlandBatch = JSON.stringify({
      locations: [overlandPoint(139.7671, 35.6812), overlandPoint(139.7671, 95), overlandTrip],
    });
    const overland = await server.request({
      method: 'POST',
      path: '/overland',
      headers: JSON_TYPE,
      body: overlandBatch,
    });
    // Overland resends a batch that got no "ok": here it got one, but a lost answer makes it resend too.
    const overlandAgain = await server.request({
      method: 'POST',
      path: '/overland/',
      headers: JSON_TYPE,
      body: overlandBatch,
    });
    const traccar = await server.request({
      method: 'POST',
      path: '/osmand',
      headers: JSON_TYPE,
      body: JSON.stringify({
        ...TRACCAR_JSON_EXAMPLE,
        location: [traccarLocation(35.6), traccarLocation('north'), traccarLocation(35.7, { sample: true })],
      }),
    });
    const ownTracksGood = await server.request({
      method: 'POST',
      path: '/owntracks',
      headers: JANE,
      body: JSON.stringify(OWNTRACKS_BOOKLET_LOCATION),
    });
    const ownTracksBad = await server.request({
      method: 'POST',
      path: '/owntracks',
      headers: { ...JSON_TYPE, 'x-limit-u': 'jane doe', 'x-limit-d': 'phone' },
      body: JSON.stringify({ ...OWNTRACKS_BOOKLET_LOCATION, topic: undefined }),
    });
    const osmandGood = await server.request({
      method: 'GET',
      path: `/osmand?id=van-7&lat=35.5&lon=139.5&timestamp=${FIX_SECONDS}&accuracy=0`,
    });
    const osmandBad = await server.request({
      method: 'GET',
      path: `/?id=van-7&lat=0&lon=0&timestamp=${FIX_SECONDS}`,
    });

    expect(overland.status).toBe(202);
    expect(overland.json()).toEqual(expect.objectContaining({ result: 'ok', accepted: 1, ignored: 1 }));
    expect(overlandAgain.json()).toEqual(expect.objectContaining({ result: 'ok', ids: overland.json().ids }));
    expect(traccar.status).toBe(202);
    expect(traccar.json()).toEqual(expect.objectContaining({ accepted: 1 }));
    expect([ownTracksGood.status, ownTracksBad.status]).toEqual([202, 200]);
    expect([ownTracksGood.json(), ownTracksBad.json()]).toEqual([[], []]);
    expect([osmandGood.status, osmandBad.status]).toEqual([202, 200]);
    const acceptedIds = [overland, traccar, osmandGood].flatMap((r) => r.json().ids as string[]);
    acceptedIds.push(
      ...server.accepted.flatMap((e) => e.data.recordIds).filter((id) => !acceptedIds.includes(id)),
    );
    expect(new Set(acceptedIds).size).toBe(4);
    await server.close();
    fixture = undefined;

    for (const args of [['store'], ['partition'], ['report', '--date', DATE]]) {
      expect((await locus(env, ...args)).code).toBe(0);
    }
    const csv = await fs.readFile(path.join(temp.dataDir, 'download', `locations-${DATE}.csv`), 'utf8');
    const rows = decodeReport(csv);
    expect(rows.map((r) => r.recordId).sort()).toEqual([...new Set(acceptedIds)].sort());
    expect(rows.map((r) => r.deviceId).sort()).toEqual(['48241179', 'jane-iphone', 'jane:phone', 'van-7']);
    expect(rows.every((r) => !(r.latitude === 0 && r.longitude === 0))).toBe(true);
    expect(rows.find((r) => r.deviceId === 'van-7')?.accuracy).toBeNull();

    const listed = await locus(env, 'rejected', '--date', DATE, '--json');
    expect(listed.code).toBe(0);
    const { count, items } = JSON.parse(listed.stdout);
    expect(count).toBe(4);
    expect(
      items.map((i: Record<string, unknown>) => [i.route, i.deviceId, i.field, i.reason]).sort(),
    ).toEqual(
      [
        ['/', 'van-7', 'lat,lon', expect.stringContaining('null island')],
        ['/osmand', '48241179', 'location.coords.latitude', 'latitude must be a number'],
        ['/overland', 'jane-iphone', 'geometry.coordinates[1]', 'latitude must be between -90 and 90'],
        ['/owntracks', 'jane doe:phone', 'X-Limit-U:X-Limit-D', expect.stringContaining('deviceId must')],
      ].sort(),
    );
    const out = path.join(temp.dataDir, 'rejected.csv');
    expect((await locus(env, 'rejected', '--date', DATE, '--out', out)).code).toBe(0);
    expect((await fs.readFile(out, 'utf8')).trim().split('\n')).toHaveLength(5);
  });
});
