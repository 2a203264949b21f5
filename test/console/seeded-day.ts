import { FakeIo, locus, serveInProcess } from '../cli/cli-harness';
import { dailyAtFarFromNow, postLocations } from '../support/server-process';

/** The settings of a console test over `dataDir`: no scheduled run during the test. */
export const consoleEnv = (dataDir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  LOCUS_DATA_DIR: dataDir,
  LOCUS_TIMEZONE: 'UTC',
  LOCUS_STORE_EVERY: '24h',
  LOCUS_DAILY_AT: dailyAtFarFromNow(),
  ...extra,
});

/** `locus serve` in this process until `stop` is called. */
export const serve = async (env: Record<string, string>) => {
  const io = new FakeIo({ ...env, PORT: '0', LOCUS_LOG_LEVEL: 'info' });
  const { serving, url } = await serveInProcess(io);
  return {
    url,
    io,
    stop: async () => {
      io.signal('SIGTERM');
      expect(await serving).toBe(0);
    },
  };
};

/** The devices of the seeded day: where each starts, its heading, and when (hours after midnight UTC). */
export const DEVICES = [
  { id: 'bike-07', lat: 35.68, lon: 139.76, dLat: 0.0004, dLon: 0.0006, startHour: 1 },
  { id: 'phone-0042', lat: 35.7, lon: 139.7, dLat: -0.0003, dLon: 0.0005, startHour: 1 },
  { id: 'van-3', lat: 35.66, lon: 139.73, dLat: 0.0005, dLon: -0.0002, startHour: 5 },
] as const;

/** Points per device. */
export const POINTS = 40;

/** Copies sent again into a second batch: the partition phase drops them. */
export const RESENT = 6;

export const locationsOf = (date: string) =>
  DEVICES.flatMap((device) =>
    Array.from({ length: POINTS }, (_, i) => ({
      deviceId: device.id,
      latitude: Number((device.lat + device.dLat * i + 0.002 * Math.sin(i / 4)).toFixed(6)),
      longitude: Number((device.lon + device.dLon * i).toFixed(6)),
      timestamp: new Date(
        Date.parse(`${date}T00:00:00Z`) + (device.startHour * 60 + i * 3) * 60_000,
      ).toISOString(),
      accuracy: 5 + (i % 7),
      speed: 1.5 + (i % 5),
    })),
  );

const send = async (url: string, items: readonly object[]) => {
  for (let i = 0; i < items.length; i += 50) {
    expect((await postLocations(url, { locations: items.slice(i, i + 50) })).status).toBe(202);
  }
};

/**
 * Seeds `date` through the whole pipeline as a user would: every location posted to a running
 * server and stored, a few sent again and stored in a second batch, then `locus daily --date`.
 */
export const seedDay = async (env: Record<string, string>, date: string): Promise<void> => {
  const locations = locationsOf(date);
  let server = await serve(env);
  await send(server.url, locations);
  await server.stop();
  expect((await locus(env, 'store')).code).toBe(0);
  server = await serve(env);
  await send(server.url, locations.slice(0, RESENT));
  await server.stop();
  expect((await locus(env, 'store')).code).toBe(0);
  const daily = await locus(env, 'daily', '--date', date);
  expect({ code: daily.code, stderr: daily.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
};
