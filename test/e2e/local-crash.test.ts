import { eventually } from '../support/eventually';
import {
  type Acceptance,
  decodeReport,
  expectReportMatches,
  idOf,
  recordedAtOf,
  runLocus,
  type SentLocation,
  sendAndRecord,
  tokyoDate,
  tokyoMidnight,
} from '../support/server-process';
import { tokyoDateOf as dateOf, useLocalServer } from './support/local-server';

jest.setTimeout(60_000);

const CLIENTS = 6;
/** The server is killed once this many requests got their 202. */
const ACCEPTED_BEFORE_KILL = 300;

/** Client `c`'s `n`-th location, on one of three Tokyo dates. */
const locationOf = (c: number, n: number, dates: readonly string[]): SentLocation => {
  const date = dates[n % dates.length] as string;
  return {
    deviceId: `crash-${c}`,
    latitude: Number((10 + c + n / 100_000).toFixed(6)),
    longitude: Number((100 + (n % 50_000) / 1_000).toFixed(6)),
    timestamp: new Date(tokyoMidnight(date) + ((n * 7_919 + c * 104_729) % 86_400) * 1000).toISOString(),
    ...(n % 2 === 0 ? { accuracy: n % 50 } : {}),
  };
};

describe('the local profile after a crash', () => {
  const local = useLocalServer('locus-crash-');

  it('keeps every location that got a 202 when the server is killed while clients post', async () => {
    const { env } = local;
    const dates = [tokyoDate(3), tokyoDate(2), tokyoDate(1)];
    const { url } = await local.start();
    const accepted = new Map<string, Acceptance[]>();
    let answered = 0;
    let failures = 0;
    let clientError: unknown;
    /** Every location sent, answered or not, by the id the server gives it. */
    const sent = new Map<string, SentLocation>();
    const answeredSoFar = async (): Promise<number> => {
      if (clientError !== undefined) throw clientError;
      return answered;
    };

    // Clients post singles and small batches (with repeats of earlier locations) until the server is gone.
    const client = async (c: number): Promise<void> => {
      for (let n = 0; ; n++) {
        const batch = n % 3 === 0;
        const locations = batch
          ? [
              locationOf(c, n, dates),
              locationOf(c, n + 100_000, dates),
              locationOf(c, Math.floor(n / 2), dates),
            ]
          : [locationOf(c, n, dates)];
        for (const location of locations) sent.set(idOf(location), location);
        try {
          const status = await sendAndRecord(url, locations, accepted, batch);
          if (status === 202) answered++;
          else failures++;
        } catch (error) {
          // The connection broke: the server is down (fetch's TypeError comes from another realm than jest's).
          if ((error as Error).message === 'fetch failed') return;
          clientError = error;
          throw error;
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    // Half-way, a store runs beside the traffic, so the data is split between a batch and the queue.
    await eventually(answeredSoFar, (n) => n >= ACCEPTED_BEFORE_KILL / 2, { timeoutMs: 15_000 });
    expect((await runLocus(['store'], env)).code).toBe(0);
    await eventually(answeredSoFar, (n) => n >= ACCEPTED_BEFORE_KILL, { timeoutMs: 15_000 });
    const killed = await local.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await Promise.all(clients);
    expect(failures).toBe(0);

    // Restart on the same folder: the server takes requests again, then the phases run.
    const server = await local.start();
    expect(await sendAndRecord(server.url, [locationOf(CLIENTS + 1, 1, dates)], accepted, false)).toBe(202);
    for (const args of [['store'], ['partition'], ...dates.map((date) => ['report', '--date', date])]) {
      const run = await runLocus(args, env);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    }

    // Requests that were in flight when the server died got no answer: their records may or may not be kept.
    const unanswered = new Map([...sent].filter(([id]) => !accepted.has(id)));
    let rows = 0;
    for (const date of dates) {
      const response = await fetch(`${server.url}/reports/${date}.csv`);
      expect(response.status).toBe(200);
      const report = decodeReport(await response.text());
      rows += report.length;
      expectReportMatches(report, accepted, dateOf, date, unanswered);
    }
    expect(rows).toBeGreaterThanOrEqual(accepted.size);
    expect(rows - accepted.size).toBeLessThanOrEqual(unanswered.size);
    expect([...accepted.values()].filter((copies) => copies.length > 1).length).toBeGreaterThan(0);
    expect(
      new Set([...accepted.values()].map((copies) => dateOf(recordedAtOf(copies[0]!.location)))).size,
    ).toBe(3);
  });
});
