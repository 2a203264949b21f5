import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/install-chromium` installs it). */
export const CHROMIUM = process.env.LOCUS_CHROMIUM ?? '/usr/bin/chromium';

/** Where the tests leave their screenshots (ignored by git). */
export const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

/** A headless Chromium with a fresh profile, kept off the network but for the servers it is sent to. */
export interface Browser {
  readonly page: Page;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export const openBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run .ci/install-chromium`);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'locus-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // A script, style or image refused by the page's Content-Security-Policy is reported here.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
  });
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    page,
    screenshot: async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
      expect(errors).toEqual([]);
    },
  };
};
