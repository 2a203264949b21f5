import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveService } from '../../src/application/receive/receive-service';
import { TOKENS } from '../../src/application/tokens';
import type { Clock } from '../../src/ports';
import { fetchSender, type Sender } from '../../src/simulator/http-sender';
import { Path } from '../../src/simulator/movement';
import { seededRandom } from '../../src/simulator/random';
import { Simulation, type SimulationOptions } from '../../src/simulator/simulation';
import { SIMULATOR_FORMATS, type SimulatorFormat } from '../../src/simulator/simulation-defaults';
import { expectedRecords, requestFor } from '../../src/simulator/wire-formats';
import { type HttpFixture, httpFixture } from '../http/http-fixture';

const realClock: Clock = { now: () => Date.now() };

const options = (format: SimulatorFormat, overrides: Partial<SimulationOptions> = {}): SimulationOptions => ({
  format,
  devices: 4,
  rate: 50,
  durationMs: 600,
  concurrency: 4,
  timeoutMs: 2_000,
  drainMs: 3_000,
  offlineChance: 0.15,
  duplicateChance: 0.2,
  seed: 7,
  ...overrides,
});

const metres = (
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number => {
  const dLat = (b.latitude - a.latitude) * 111_320;
  const dLon = (b.longitude - a.longitude) * 111_320 * Math.cos((a.latitude * Math.PI) / 180);
  return Math.hypot(dLat, dLon);
};

describe('plausible paths', () => {
  const start = { latitude: 35.68, longitude: 139.76 };

  it('walks at a walking pace and covers about speed × time', () => {
    const path = new Path('walking', start, seededRandom(1));
    let previous = path.advance(0);
    for (let i = 0; i < 50; i++) {
      const fix = path.advance(10_000);
      expect(fix.speed).toBeGreaterThanOrEqual(1.1);
      expect(fix.speed).toBeLessThanOrEqual(1.7);
      expect(metres(previous, fix)).toBeLessThan(1.7 * 10 + 1);
      previous = fix;
    }
  });

  it('drives at road speeds, stopping now and then', () => {
    const path = new Path('driving', start, seededRandom(2));
    const speeds = Array.from({ length: 400 }, () => path.advance(5_000).speed);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(25);
    expect(speeds.filter((s) => s >= 5).length).toBeGreaterThan(200);
    expect(speeds).toContain(0);
  });

  it('keeps a stationary device within a few metres of where it is', () => {
    const path = new Path('stationary', start, seededRandom(3));
    for (let i = 0; i < 50; i++) {
      const fix = path.advance(60_000);
      expect(fix.speed).toBe(0);
      expect(metres(start, fix)).toBeLessThan(5);
    }
  });

  it('repeats itself for the same seed', () => {
    const run = (seed: number) => {
      const path = new Path('walking', start, seededRandom(seed));
      return Array.from({ length: 5 }, () => path.advance(1_000));
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });
});

describe('the requests of each format', () => {
  const fixes = [
    {
      latitude: 35.681236,
      longitude: 139.767125,
      speed: 10,
      heading: 90,
      accuracy: 8.4,
      altitude: 40.2,
      at: Date.UTC(2026, 10, 28, 9, 14),
    },
    {
      latitude: 35.6813,
      longitude: 139.7673,
      speed: 0,
      heading: 90,
      accuracy: 5,
      altitude: 40,
      at: Date.UTC(2026, 10, 28, 9, 14, 1),
    },
  ];

  it.each(SIMULATOR_FORMATS.map((f) => [f] as const))(
    'expects in %s the records the server would make',
    (format) => {
      const request = requestFor(format, 'sim-0001', fixes);
      const records = expectedRecords(format, request, Date.UTC(2026, 10, 28, 9, 15));
      const batch = format === 'native' || format === 'overland';
      expect(records).toHaveLength(batch ? 2 : 1);
      expect(records[0]).toEqual({
        recordId: expect.stringMatching(/^[0-9a-f]{32}$/),
        deviceId: format === 'owntracks' ? 'locus:sim-0001' : 'sim-0001',
        recordedAt: '2026-11-28T09:14:00.000Z',
      });
    },
  );

  it('sends OwnTracks speeds as whole km/h and leaves zero elements out, as the apps do', () => {
    const request = requestFor('owntracks', 'sim-0001', [fixes[1] as (typeof fixes)[number]]);
    const message = JSON.parse(request.body);
    expect(message).not.toHaveProperty('vel');
    expect(message.acc).toBe(5);
    expect(
      JSON.parse(requestFor('owntracks', 'sim-0001', [fixes[0] as (typeof fixes)[number]]).body).vel,
    ).toBe(36);
  });
});

describe('the simulator against a server', () => {
  let fixture: HttpFixture | undefined;

  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const queuedIds = async (server: HttpFixture): Promise<string[]> =>
    (await server.root.get(TOKENS.queue).lease(10_000, 60_000)).flatMap((m) =>
      m.records.map((r) => r.recordId),
    );

  it.each(SIMULATOR_FORMATS.map((f) => [f] as const))(
    'in %s: every record answered 202 is stored, and nothing stored is outside what was sent',
    async (format) => {
      fixture = await httpFixture({}, { clock: realClock });
      const simulation = new Simulation(options(format), {
        clock: realClock,
        send: fetchSender(fixture.base),
      });
      const result = await simulation.run();
      const stored = new Set(await queuedIds(fixture));
      const accepted = result.accepted.map((r) => r.recordId);
      const sent = new Set([...accepted, ...result.unconfirmed.map((r) => r.recordId)]);
      expect(accepted.length).toBeGreaterThan(5);
      for (const id of accepted) expect(stored.has(id)).toBe(true);
      for (const id of stored) expect(sent.has(id)).toBe(true);
      expect(result.stats.idMismatches).toBe(0);
      expect(result.stats.refused).toBe(0);
      expect(result.stats.fixes).toBeGreaterThanOrEqual(25);
      expect(result.unconfirmed).toEqual([]);
    },
  );

  it('sends a request again, unchanged, after a timeout; the copies share their record ids', async () => {
    let slowAnswers = 3;
    let real: ReceiveService | undefined;
    const slowAfterStoring: Pick<ReceiveService, 'accept'> = {
      accept: async (body, context) => {
        const outcome = await (real as ReceiveService).accept(body, context);
        if (slowAnswers-- > 0) await new Promise((resolve) => setTimeout(resolve, 400));
        return outcome;
      },
    };
    fixture = await httpFixture({}, { clock: realClock, receive: slowAfterStoring });
    real = fixture.root.get(ReceiveService);
    const simulation = new Simulation(
      options('native', { timeoutMs: 150, offlineChance: 0, duplicateChance: 0 }),
      {
        clock: realClock,
        send: fetchSender(fixture.base),
      },
    );
    const result = await simulation.run();
    // Connections whose requests were aborted would hold the server's close until the client's keep-alive ends.
    fixture.app.server.closeAllConnections();
    expect(result.stats.timeouts).toBeGreaterThanOrEqual(1);
    expect(result.stats.resent).toBeGreaterThanOrEqual(1);
    const stored = await queuedIds(fixture);
    expect(stored.length).toBeGreaterThan(new Set(stored).size);
    expect(new Set(stored)).toEqual(new Set(result.accepted.map((r) => r.recordId)));
  });

  it('keeps a device offline for a while and sends its backlog later, as one batch in the batch formats', async () => {
    const sizes: number[] = [];
    const counting: Sender = async (request) => {
      sizes.push(request.body === '' ? 1 : (JSON.parse(request.body).locations?.length ?? 1));
      return { kind: 'answer', status: 202, text: '{}' };
    };
    const simulation = new Simulation(
      options('overland', { devices: 1, rate: 100, durationMs: 400, offlineChance: 0.3, duplicateChance: 0 }),
      { clock: realClock, send: counting },
    );
    const result = await simulation.run();
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(result.stats.fixes);
    expect(result.accepted).toHaveLength(result.stats.fixes);
  });

  it('does not send a refused request again, and reports why it was refused', async () => {
    const refusing: Sender = async () => ({
      kind: 'answer',
      status: 400,
      text: '{"error":"invalid_request"}',
    });
    const simulation = new Simulation(options('osmand', { durationMs: 200 }), {
      clock: realClock,
      send: refusing,
    });
    const result = await simulation.run();
    expect(result.stats.refused).toBe(result.stats.requests);
    expect(result.stats.resent).toBe(0);
    expect(result.accepted).toEqual([]);
    expect(result.problems[0]).toMatch(/^400 POST \/osmand: \{"error":"invalid_request"\}/);
  });

  it('gives up on a server it cannot reach, listing what it sent as unconfirmed', async () => {
    fixture = await httpFixture({}, { clock: realClock });
    const base = fixture.base;
    await fixture.close();
    fixture = undefined;
    const simulation = new Simulation(
      options('native', { durationMs: 200, drainMs: 500, duplicateChance: 0 }),
      {
        clock: realClock,
        send: fetchSender(base),
      },
    );
    const result = await simulation.run();
    expect(result.accepted).toEqual([]);
    expect(result.unconfirmed.length).toBeGreaterThan(0);
    expect(result.stats.networkErrors).toBeGreaterThan(0);
    expect(result.problems.some((p) => p.startsWith('network:'))).toBe(true);
  });

  it('sends the device token, when given, as a bearer token to the given URL and path', async () => {
    const seen: { url?: string; authorization?: string }[] = [];
    const server = createServer((request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      response.writeHead(202).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const request = requestFor('osmand', 'sim-0001', [
        {
          latitude: 35,
          longitude: 139,
          speed: 0,
          heading: 0,
          accuracy: 5,
          altitude: 1,
          at: Date.UTC(2026, 10, 28),
        },
      ]);
      const result = await fetchSender(`http://127.0.0.1:${port}/stage/`, 'abc.def')(request, 2_000);
      expect(result).toEqual({ kind: 'answer', status: 202, text: '[]' });
      expect(seen).toEqual([
        { url: expect.stringMatching(/^\/stage\/osmand\?id=sim-0001&/), authorization: 'Bearer abc.def' },
      ]);
    } finally {
      server.close();
    }
  });

  it('stops early when told, still sending what is queued', async () => {
    const answered: Sender = async () => ({ kind: 'answer', status: 202, text: '{}' });
    const simulation = new Simulation(options('native', { durationMs: 60_000, offlineChance: 0 }), {
      clock: realClock,
      send: answered,
      progressEveryMs: 10,
      onProgress: (stats) => {
        if (stats.fixes >= 10) simulation.stop();
      },
    });
    const result = await simulation.run();
    expect(result.stats.elapsedMs).toBeLessThan(10_000);
    expect(result.accepted.length).toBe(result.stats.fixes);
  });
});
