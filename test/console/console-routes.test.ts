import { DailyRunService, StoreService } from '../../src/application';
import { AcceptedTally, StatusService } from '../../src/application/status';
import { aLocation, type HttpFixture, httpFixture } from '../http/http-fixture';

const DATE = '2026-11-28';

describe('the console API over the memory profile', () => {
  let fixture: HttpFixture;

  beforeAll(async () => {
    fixture = await httpFixture(
      {},
      {},
      {
        deps: (root) => ({
          console: {
            status: root.get(StatusService),
            settings: { tileUrl: null, tileAttribution: '' },
            trackLimits: { maxPoints: 1_000, maxPointsPerDevice: 10 },
            nextRuns: () => ({ store: '2026-11-28T09:20:00.000Z', daily: '2026-11-29T00:05:00.000Z' }),
          },
        }),
      },
    );
    const locations = Array.from({ length: 60 }, (_, i) => ({
      ...aLocation({
        deviceId: i % 3 === 0 ? 'few-1' : 'many-2',
        latitude: 35 + i / 1000,
        timestamp: `${DATE}T08:${String(i).padStart(2, '0')}:00Z`,
      }),
    }));
    expect((await fixture.post({ locations })).status).toBe(202);
    await fixture.root.get(AcceptedTally).flush();
    await fixture.root.get(StoreService).run();
    await fixture.root.get(DailyRunService).run(DATE);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it("maps the status service's reconciliation of each date, adding only the download", async () => {
    const days = (await fixture.request({ path: '/console/api/days' })).json();
    const day = days.days.find((each: { date: string }) => each.date === DATE);
    const reconciled = await fixture.root.get(StatusService).reconcile(DATE);
    // The day has not ended by the fixture's clock: stale, waiting for the first drain after it.
    expect(reconciled.state).toBe('stale');
    expect(day).toEqual({
      ...reconciled,
      waiting: reconciled.waiting.join('; '),
      download: `/reports/${DATE}.csv`,
    });
    expect(day.reported).toBe(60);
  });

  it('sends a thinned track past the limits, and says so', async () => {
    const tracks = (await fixture.request({ path: `/console/api/days/${DATE}/tracks` })).json();
    expect(tracks).toEqual(expect.objectContaining({ available: true, rows: 60, downsampled: true }));
    const [few, many] = tracks.devices;
    expect([few.deviceId, few.total, few.points.length]).toEqual(['few-1', 20, expect.any(Number)]);
    expect(many.total).toBe(40);
    expect(many.points.length).toBeLessThanOrEqual(11);
    expect(many.points.at(-1)[0]).toBe(Date.parse(`${DATE}T08:59:00Z`));
  });

  it('answers a date without a report, and refuses what is not a date', async () => {
    expect((await fixture.request({ path: '/console/api/days/2026-11-27/tracks' })).json()).toEqual({
      date: '2026-11-27',
      available: false,
    });
    expect((await fixture.request({ path: '/console/api/days/yesterday/tracks' })).status).toBe(404);
  });

  it('shows the next scheduled runs and the last run of each phase', async () => {
    const pipeline = (await fixture.request({ path: '/console/api/pipeline' })).json();
    expect(pipeline.nextRuns).toEqual({
      store: '2026-11-28T09:20:00.000Z',
      daily: '2026-11-29T00:05:00.000Z',
    });
    expect(pipeline.lastRuns.map((run: { phase: string }) => run.phase)).toEqual([
      'receive',
      'store',
      'partition',
      'report',
      'daily',
    ]);
    expect(pipeline.queue).toEqual({ ready: 0, leased: 0, quarantined: 0 });
  });

  it('keeps the console out of the ingest path: / without a browser is still the OsmAnd route', async () => {
    expect((await fixture.request({ path: '/', headers: { accept: 'text/html' } })).status).toBe(302);
    expect((await fixture.request({ path: '/', headers: { accept: 'application/json' } })).status).toBe(400);
  });
});
