import { readDayTracks } from '../../src/adapters/http/console/day-tracks';
import { encodeReportCsv, LOCATION_CSV_HEADER, type LocationRecord } from '../../src/domain';

const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);

const record = (deviceId: string, i: number): LocationRecord => ({
  recordId: (deviceId.length * 1_000_000 + i).toString(16).padStart(32, '0'),
  deviceId,
  recordedAt: T0 + i * 1000,
  latitude: 35 + i / 1000,
  longitude: 139,
  accuracy: i % 3 === 0 ? null : 4,
  altitude: null,
  speed: 1.5,
  heading: null,
  receivedAt: T0 + i * 1000 + 5,
});

/** A report of these devices' records (sorted as reports are), cut into chunks of `chunk` bytes. */
async function* reportOf(devices: Record<string, number>, chunk = 777): AsyncIterable<Uint8Array> {
  const lines = [LOCATION_CSV_HEADER];
  for (const [deviceId, count] of Object.entries(devices)) {
    for (let i = 0; i < count; i++) lines.push(encodeReportCsv(record(deviceId, i)).trimEnd());
  }
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  for (let at = 0; at < bytes.length; at += chunk) yield bytes.slice(at, at + chunk);
}

describe("a day's tracks read from its report", () => {
  it('keeps every point of a small day, per device, in order', async () => {
    const tracks = await readDayTracks(reportOf({ 'a-1': 5, 'b-22': 3 }), {
      maxPoints: 100,
      maxPointsPerDevice: 10,
    });
    expect(tracks.rows).toBe(8);
    expect(tracks.downsampled).toBe(false);
    expect(tracks.devices.map((d) => [d.deviceId, d.total, d.points.length])).toEqual([
      ['a-1', 5, 5],
      ['b-22', 3, 3],
    ]);
    expect(tracks.devices[0]?.points[1]).toEqual([T0 + 1000, 35.001, 139, 4, 1.5, null]);
    expect(tracks.devices[0]?.points[0]?.[3]).toBeNull();
  });

  it('thins a device past its share to every n-th point, keeping its first and last', async () => {
    const tracks = await readDayTracks(reportOf({ 'a-1': 1000, 'b-22': 7 }), {
      maxPoints: 10_000,
      maxPointsPerDevice: 100,
    });
    const [a, b] = tracks.devices;
    expect(a?.total).toBe(1000);
    expect(a?.points.length).toBeGreaterThanOrEqual(50);
    expect(a?.points.length).toBeLessThanOrEqual(101);
    expect(a?.points[0]?.[0]).toBe(T0);
    expect(a?.points.at(-1)?.[0]).toBe(T0 + 999_000);
    const gaps = new Set(a?.points.slice(0, -1).map((p, i) => (a.points[i + 1]![0] - p[0]) / 1000));
    expect(gaps.size).toBeLessThanOrEqual(2);
    expect(b?.points).toHaveLength(7);
    expect(tracks.downsampled).toBe(true);
    expect(tracks.shown).toBe((a?.points.length ?? 0) + 7);
  });

  it('bounds the whole day, every device keeping some points', async () => {
    const devices = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`dev-${i}`, 500]));
    const tracks = await readDayTracks(reportOf(devices), { maxPoints: 2_000, maxPointsPerDevice: 1_000 });
    expect(tracks.rows).toBe(20_000);
    expect(tracks.shown).toBeLessThanOrEqual(2_000 + 40);
    expect(tracks.devices).toHaveLength(40);
    for (const device of tracks.devices) expect(device.points.length).toBeGreaterThanOrEqual(2);
  });
});
