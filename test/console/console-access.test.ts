import { promises as fs } from 'node:fs';
import { locus } from '../cli/cli-harness';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/local-world';
import { type Browser, openBrowser } from './browser';
import { consoleEnv, DEVICES, seedDay, serve } from './seeded-day';

const DATE = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
const OTHER_DATE = new Date(Date.now() - 4 * 86_400_000).toISOString().slice(0, 10);

interface Answer {
  readonly status: number;
  readonly cookie: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read the answers field by field
  readonly body: any;
}

describe('who may open the console (the download rules)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: Awaited<ReturnType<typeof serve>>;
  let token: { id: string; token: string };
  let link: string;

  const call = async (
    path: string,
    options: { method?: string; cookie?: string; body?: unknown; accept?: string } = {},
  ): Promise<Answer> => {
    const response = await fetch(`${server.url}${path}`, {
      method: options.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
        ...(options.accept === undefined ? {} : { accept: options.accept }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, cookie: response.headers.get('set-cookie'), body };
  };

  /** Opens a session with a credential; the cookie to send back. */
  const signIn = async (credential: string): Promise<string> => {
    const answer = await call('/console/api/session', { method: 'POST', body: { credential } });
    expect(answer.status).toBe(200);
    expect(answer.cookie).toMatch(
      /^locus_console=[\w-]{43}; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    return (answer.cookie as string).split(';')[0] as string;
  };

  beforeAll(async () => {
    dataDir = await makeTempDir('locus-console-access-');
    env = consoleEnv(dataDir, { LOCUS_DOWNLOADS: 'private', LOCUS_TOKEN_CACHE: '0s' });
    await seedDay(env, DATE);
    const created = await locus(env, 'token', 'create', '--download', '--label', 'analyst', '--json');
    token = JSON.parse(created.stdout);
    link = (await locus(env, 'report-url', '--date', DATE, '--expires', '1h')).stdout.trim();
    server = await serve(env);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('serves the page but no data without a download token or a signed link', async () => {
    expect((await call('/console/')).status).toBe(200);
    expect((await call('/console/api/access')).body).toEqual(
      expect.objectContaining({ open: false, scope: null }),
    );
    for (const path of [
      '/console/api/days',
      `/console/api/days/${DATE}`,
      `/console/api/days/${DATE}/tracks`,
    ]) {
      const answer = await call(path);
      expect({ path, status: answer.status, devices: answer.body.devices }).toEqual({
        path,
        status: 401,
        devices: undefined,
      });
    }
    expect((await call('/console/api/pipeline')).status).toBe(401);
    const wrong = await call('/console/api/session', {
      method: 'POST',
      body: { credential: `${token.id}.nope` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBeNull();
    const tampered = await call('/console/api/session', {
      method: 'POST',
      body: { credential: link.replace(DATE, OTHER_DATE) },
    });
    expect(tampered.status).toBe(403);
    expect(tampered.cookie).toBeNull();
  });

  it('opens everything to a download token, with signed download links, until it is revoked', async () => {
    const cookie = await signIn(token.token);
    expect((await call('/console/api/access', { cookie })).body).toEqual(
      expect.objectContaining({ scope: 'all' }),
    );
    const tracks = await call(`/console/api/days/${DATE}/tracks`, { cookie });
    expect(tracks.body.devices.map((device: { deviceId: string }) => device.deviceId)).toEqual(
      DEVICES.map((device) => device.id),
    );
    expect((await call('/console/api/pipeline', { cookie })).status).toBe(200);
    const days = (await call('/console/api/days', { cookie })).body.days;
    const day = days.find((each: { date: string }) => each.date === DATE);
    expect(day.download).toMatch(new RegExp(`^/reports/${DATE}\\.csv\\?expires=\\d+&signature=`));
    const csv = await fetch(`${server.url}${day.download}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toMatch(/^record_id,/);

    expect((await locus(env, 'token', 'revoke', token.id)).code).toBe(0);
    expect((await call(`/console/api/days/${DATE}/tracks`, { cookie })).status).toBe(401);
    expect((await call('/console/api/access', { cookie })).body.scope).toBeNull();
  });

  it("opens one day to a signed link to that day's report, and nothing else", async () => {
    const cookie = await signIn(link);
    expect((await call('/console/api/access', { cookie })).body).toEqual(
      expect.objectContaining({ scope: 'day', date: DATE }),
    );
    expect((await call(`/console/api/days/${DATE}/tracks`, { cookie })).body.devices).toHaveLength(
      DEVICES.length,
    );
    expect((await call(`/console/api/days/${OTHER_DATE}/tracks`, { cookie })).status).toBe(403);
    expect((await call('/console/api/pipeline', { cookie })).status).toBe(403);
    const days = (await call('/console/api/days', { cookie })).body.days;
    expect(days.map((each: { date: string }) => each.date)).toEqual([DATE]);
    expect(days[0].download).toBe(link.slice(link.indexOf('/reports/')));

    expect((await call('/console/api/session', { method: 'DELETE', cookie })).cookie).toContain('Max-Age=0');
    expect((await call(`/console/api/days/${DATE}/tracks`, { cookie })).status).toBe(401);
  });

  it('sends a browser opening / to the console, and leaves OsmAnd reports at / alone', async () => {
    const landing = await call('/', { accept: 'text/html,application/xhtml+xml' });
    expect(landing.status).toBe(302);
    expect(landing.body).toContain('href="/console/"');
    const report = await call(
      `/?id=osm-1&lat=35.1&lon=139.2&timestamp=${Math.floor(Date.now() / 1000) - 60}`,
      { accept: 'text/html' },
    );
    expect(report.status).toBe(202);
    expect((await call('/')).status).toBe(400);
  });

  describe('in Chromium', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await openBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('asks for a credential, then shows the day that a signed link opens', async () => {
      const { page } = browser;
      await page.goto(`${server.url}/console/`);
      await eventually(
        () => page.locator('#login').isVisible(),
        (visible) => visible,
      );
      expect(await page.locator('[data-testid="day-row"]').count()).toBe(0);
      await browser.screenshot('login');
      await page.locator('#credential').fill(link);
      await page.locator('#login button[type="submit"]').click();
      await eventually(
        () => page.locator('path.track-marker').count(),
        (n) => n === DEVICES.length,
      );
      expect(new URL(page.url()).hash).toBe(`#/day/${DATE}`);
      expect(await page.locator('[data-nav="pipeline"]').isVisible()).toBe(false);
      await browser.screenshot('day-signed-link');
    });
  });
});
