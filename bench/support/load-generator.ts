import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadRun {
  readonly requests: number;
  /** Responses per second, from the first request to the last response. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Responses by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
}

/** Bodies of single locations from `devices` devices, recorded `now` (a few distinct requests, cycled). */
export const locationBodies = (devices: number, now: number): string[] =>
  Array.from({ length: devices }, (_, i) =>
    JSON.stringify({
      deviceId: `bench-${String(i).padStart(5, '0')}`,
      latitude: 35.681236 + i / 10_000,
      longitude: 139.767125 - i / 10_000,
      timestamp: new Date(now - 60_000 + i).toISOString(),
      accuracy: 12.5,
    }),
  );

/**
 * `amount` POSTs of the bodies (cycled) to `<url>/locations` over `connections` keep-alive
 * connections, one request at a time on each (autocannon, in this process). A run of a fixed
 * number of requests ends with none in flight, so every request sent got its answer and the
 * answers can be compared with what the server kept.
 */
export const loadRun = (url: string, bodies: readonly string[], connections: number, amount: number) =>
  new Promise<LoadRun>((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(
      {
        url,
        connections,
        pipelining: 1,
        amount,
        timeout: 10,
        requests: bodies.map((body) => ({
          method: 'POST' as const,
          path: '/locations',
          headers: { 'content-type': 'application/json' },
          body,
        })),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const statuses: Record<string, number> = {};
        for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
          statuses[code] = stats.count ?? 0;
        const seconds = (last - started) / 1000;
        resolve({
          requests: result.requests.total,
          perSecond: result.requests.total / seconds,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          maxMs: result.latency.max,
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds,
        });
      },
    );
    instance.on('response', () => {
      last = performance.now();
    });
  });
