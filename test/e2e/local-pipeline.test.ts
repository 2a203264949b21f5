import {
  type Acceptance,
  decodeReport,
  expectReportMatches,
  recordedAtOf,
  runLocus,
  type SentLocation,
  sendAndRecord,
  tokyoDate,
  tokyoMidnight,
} from '../support/server-process';
import { tokyoDateOf as dateOf, useLocalServer } from './support/local-server';

jest.setTimeout(60_000);

/** Locations of `devices` devices over one Tokyo date, both ends of the day included. */
const dayOfLocations = (date: string, devices: number, perDevice: number): SentLocation[] => {
  const start = tokyoMidnight(date);
  const out: SentLocation[] = [];
  for (let d = 0; d < devices; d++) {
    for (let i = 0; i < perDevice; i++) {
      const offset =
        i === 0
          ? 0
          : i === perDevice - 1
            ? 86_399_999
            : Math.floor(((i * 7 + d) * 86_400_000) / (perDevice * 7 + devices));
      const at = start + offset;
      const asEpochSeconds = i % 5 === 2 && at % 1000 === 0;
      out.push({
        deviceId: `e2e-${d}:${date}`,
        latitude: Number((35 + d / 100 + i / 10_000).toFixed(6)),
        longitude: Number((139.5 + i / 1_000).toFixed(6)),
        timestamp: asEpochSeconds
          ? at / 1000
          : i % 2 === 0
            ? new Date(at).toISOString()
            : new Date(at + 9 * 3_600_000).toISOString().replace('Z', '+09:00'),
        ...(i % 3 === 0 ? { accuracy: 5 + i } : {}),
        ...(i % 4 === 1 ? { speed: 1.5 } : {}),
      });
    }
  }
  return out;
};

describe('the local profile end to end', () => {
  const local = useLocalServer('locus-e2e-');

  it('receives over HTTP, runs the phases through the CLI, and serves each accepted record exactly once', async () => {
    const { env } = local;
    const { url } = await local.start();
    const dates = [tokyoDate(3), tokyoDate(2)];
    const accepted = new Map<string, Acceptance[]>();
    const [first, second] = dates.map((date) => dayOfLocations(date, 4, 12)) as [
      SentLocation[],
      SentLocation[],
    ];

    // Singles, concurrently; every fifth one sent twice (a device retrying).
    const singles = first.slice(0, 30);
    const statuses = await Promise.all(
      singles.flatMap((location, i) => {
        const sends = [sendAndRecord(url, [location], accepted, false)];
        if (i % 5 === 0) sends.push(sendAndRecord(url, [location], accepted, false));
        return sends;
      }),
    );
    expect(statuses.every((status) => status === 202)).toBe(true);

    // Batches with invalid items and repeats inside the batch, spanning both dates.
    const rest = [...first.slice(30), ...second];
    for (let i = 0; i < rest.length; i += 20) {
      const chunk: (SentLocation | { invalid: Record<string, unknown> })[] = rest.slice(i, i + 20);
      chunk.splice(3, 0, {
        invalid: { deviceId: 'bad id with spaces', latitude: 1, longitude: 1, timestamp: 0 },
      });
      chunk.push(rest[i] as SentLocation);
      expect(await sendAndRecord(url, chunk, accepted, true)).toBe(202);
    }
    const refused = await sendAndRecord(
      url,
      [{ invalid: { deviceId: 'x', latitude: 200 } }],
      accepted,
      false,
    );
    expect(refused).toBe(400);

    // A first store while the server runs, more traffic (including repeats of stored records), a second store.
    expect((await runLocus(['store'], env)).code).toBe(0);
    for (const location of [...second.slice(0, 5), ...first.slice(0, 5)]) {
      expect(await sendAndRecord(url, [location], accepted, false)).toBe(202);
    }
    const stored = await runLocus(['store', '--json'], env);
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout).recordCount).toBe(10);

    const partitioned = await runLocus(['partition', '--json'], env);
    expect(partitioned.code).toBe(0);
    expect(JSON.parse(partitioned.stdout).batches).toHaveLength(2);
    for (const date of dates) {
      const report = await runLocus(['report', '--date', date], env);
      expect(report.stderr).toBe('');
      expect(report.code).toBe(0);
    }

    const expectedCount = (date: string) =>
      [...accepted.values()].filter((copies) => dateOf(recordedAtOf(copies[0]!.location)) === date).length;
    const { reports: listing } = (await (await fetch(`${url}/reports`)).json()) as {
      reports: { date: string; rows: number; current: boolean }[];
    };
    expect(listing.map((r) => [r.date, r.rows, r.current])).toEqual(
      dates.map((date) => [date, expectedCount(date), true]),
    );

    for (const date of dates) {
      const response = await fetch(`${url}/reports/${date}.csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expectReportMatches(decodeReport(await response.text()), accepted, dateOf, date);
    }

    const counted = await runLocus(
      ['query', 'SELECT dt::VARCHAR AS dt, count(*) AS n FROM locations GROUP BY 1 ORDER BY 1'],
      env,
    );
    expect(counted.stdout).toBe(
      `dt,n\r\n${dates.map((date) => `${date},${expectedCount(date)}`).join('\r\n')}\r\n`,
    );

    const exit = await local.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });

    const day = JSON.parse((await runLocus(['status', '--date', dates[0]!, '--json'], env)).stdout);
    const copiesOfFirst = [...accepted.values()]
      .filter((copies) => dateOf(recordedAtOf(copies[0]!.location)) === dates[0])
      .reduce((sum, copies) => sum + copies.length, 0);
    expect(day).toEqual(
      expect.objectContaining({
        accepted: copiesOfFirst,
        partitioned: expectedCount(dates[0]!),
        reported: expectedCount(dates[0]!),
        reportCurrent: true,
      }),
    );
    expect(day.stored).toBeGreaterThanOrEqual(expectedCount(dates[0]!));
  });
});
