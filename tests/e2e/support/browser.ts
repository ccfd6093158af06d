import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic, type StaticServer } from './server';

/** Debian's Chromium; CHROMIUM_PATH overrides. Playwright's own browser downloads do not work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const DIST = path.resolve(process.env.DIST_DIR ?? 'dist');

/** Launches headless Debian Chromium with the flags this sandbox needs (no network beyond loopback). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A browser and a static server for the production build in dist/. */
export async function startSite(): Promise<{ browser: Browser; server: StaticServer; close(): Promise<void> }> {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`No production build in ${DIST}: run npm run build first`);
  const [browser, server] = await Promise.all([launchBrowser(), serveStatic(DIST)]);
  return { browser, server, close: async () => { await browser.close(); await server.close(); } };
}
