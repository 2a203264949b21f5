import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/local-world';
import { type Browser, openBrowser } from './browser';
import { consoleEnv, DEVICES, POINTS, RESENT, seedDay, serve } from './seeded-day';

/** A 1×1 PNG, every tile the test's tile server sends. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const DATE = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

describe('the web console in Chromium', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await makeTempDir('locus-console-');
    env = consoleEnv(dataDir);
    await seedDay(env, DATE);
    server = await serve(env);
    browser = await openBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const markers = () => browser.page.locator('path.track-marker');
  const lines = () => browser.page.locator('path.track-line');

  it('is where a browser opening / lands, and shows each day accepted → stored → partitioned → reported', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/console/');
    const row = page.locator(`[data-testid="day-row"][data-date="${DATE}"]`);
    const field = (name: string) => row.locator(`[data-field="${name}"]`);
    const total = DEVICES.length * POINTS;
    await eventually(
      () => field('reported').textContent(),
      (text) => text === String(total),
    );
    expect(await field('accepted').textContent()).toBe(String(total + RESENT));
    expect(await field('stored').textContent()).toBe(String(total + RESENT));
    expect(await field('batches').textContent()).toBe('2');
    expect(await field('partitioned').textContent()).toBe(String(total));
    expect(await field('duplicates').textContent()).toBe(String(RESENT));
    expect(await row.getAttribute('data-state')).toBe('current');
    expect(await row.getByTestId('download').getAttribute('href')).toBe(`/reports/${DATE}.csv`);
    await browser.screenshot('days');

    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), `/reports/${DATE}.csv`);
    expect(csv.trim().split('\n')).toHaveLength(total + 1);
  });

  it("draws one track and one marker per device on the day's map, offline", async () => {
    const { page } = browser;
    await page.locator(`a[href="#/day/${DATE}"]`).click();
    await eventually(
      () => markers().count(),
      (n) => n === DEVICES.length,
    );
    expect(await lines().count()).toBe(DEVICES.length);
    const shown = await markers().evaluateAll((paths) =>
      paths.map((p) => p.getAttribute('data-device')).sort(),
    );
    expect(shown).toEqual(DEVICES.map((device) => device.id).sort());
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    expect(await page.locator('path.graticule').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('thinning').textContent()).toContain(
      `All ${DEVICES.length * POINTS} points`,
    );
    await browser.screenshot('day');
  });

  it("filters by device and lists the device's points; the time slider moves the markers", async () => {
    const { page } = browser;
    await page.getByTestId('device-filter').selectOption('van-3');
    await eventually(
      () => markers().count(),
      (n) => n === 1,
    );
    expect(await lines().count()).toBe(1);
    expect(await markers().first().getAttribute('data-device')).toBe('van-3');
    const rows = page.locator('[data-testid="points"] tbody tr');
    expect(await rows.count()).toBe(POINTS);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('35.660000');
    await browser.screenshot('day-device');

    // At the day's first minute only the devices that had started show.
    await page.getByTestId('device-filter').selectOption('');
    await page.getByTestId('time-slider').fill('0');
    const early = DEVICES.filter((device) => device.startHour === 1).map((device) => device.id);
    await eventually(
      () => markers().count(),
      (n) => n === early.length,
    );
    expect(await page.getByTestId('time-label').textContent()).toBe('01:00:00');
    await browser.screenshot('day-early');
  });

  it("shows the pipeline: queue, batches, each phase's last run and the next runs", async () => {
    const { page } = browser;
    await page.goto(`${server.url}/console/#/pipeline`);
    await eventually(
      () => page.getByTestId('queue').isVisible(),
      (visible) => visible,
    );
    expect(await page.locator('[data-testid="queue"] [data-field="ready"]').textContent()).toBe('0');
    expect(await page.locator('[data-testid="batches"] [data-field="pending"]').textContent()).toBe('0');
    expect(await page.locator('[data-testid="batches"] [data-field="quarantined"]').textContent()).toBe('0');
    const phases = await page
      .locator('[data-testid="last-runs"] tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => `${row.getAttribute('data-phase')}:${row.children[2]?.textContent}`),
      );
    expect(phases).toEqual(expect.arrayContaining(['report:succeeded', 'daily:succeeded']));
    expect(await page.locator('[data-field="next-store"]').textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    );
    await browser.screenshot('pipeline');
  });

  it('draws base tiles from LOCUS_TILE_URL, and from nowhere else', async () => {
    const asked: string[] = [];
    const tiles = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(TILE);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const { port } = tiles.address() as AddressInfo;
    const { page } = browser;
    try {
      // The page polls its server: it leaves before the server restarts.
      await page.goto('about:blank');
      await server.stop();
      server = await serve({ ...env, LOCUS_TILE_URL: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png` });
      await page.goto(`${server.url}/console/#/day/${DATE}`);
      await eventually(
        () => page.locator('img.leaflet-tile-loaded').count(),
        (n) => n > 0,
      );
      expect(await markers().count()).toBe(DEVICES.length);
      expect(await page.locator('path.graticule').count()).toBe(0);
      expect(asked.length).toBeGreaterThan(0);
      for (const path of asked) expect(path).toMatch(/^\/tiles\/\d+\/\d+\/\d+\.png$/);
      await browser.screenshot('day-tiles');
    } finally {
      await page.goto('about:blank');
      await new Promise((resolve) => tiles.close(resolve));
    }
  });

  // Last: the page's clock stays under the test's control.
  it('refreshes the pipeline every 15 s while the page shows, not while it is hidden, and at once when it shows again', async () => {
    const { page } = browser;
    const asked: string[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes('/console/api/pipeline')) asked.push(request.url());
    };
    await page.clock.install();
    page.on('request', onRequest);
    try {
      await page.goto(`${server.url}/console/#/pipeline`);
      await eventually(
        () => page.getByTestId('queue').isVisible(),
        (visible) => visible,
      );
      const asks = async (n: number) =>
        eventually(
          async () => asked.length,
          (count) => count >= n,
        );
      await asks(1);
      await page.clock.runFor(15_000);
      await asks(2);
      const setHidden = (hidden: boolean) =>
        page.evaluate((value) => {
          // The page's document (this test's TypeScript has no DOM types).
          const doc = (globalThis as unknown as { document: EventTarget }).document;
          Object.defineProperty(doc, 'hidden', { configurable: true, get: () => value });
          doc.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      await setHidden(true);
      await page.clock.runFor(60_000);
      await setHidden(false);
      await asks(3);
      await page.clock.runFor(15_000);
      await asks(4);
      // None while hidden: those would have come long before the last one.
      expect(asked).toHaveLength(4);
    } finally {
      page.off('request', onRequest);
      await page.goto('about:blank');
    }
  });
});
