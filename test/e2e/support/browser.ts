// Headless Chromium for e2e tests: Debian's /usr/bin/chromium driven by playwright-core (no browser download),
// with the flags that keep it off the network on a closed machine, and a fresh profile per launch.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** Why browser tests were skipped, printed once so a skip is never silent. */
export const CHROMIUM_MISSING = `${CHROMIUM} is missing: browser tests skipped (apt-get install -y chromium; .ci/run installs it)`;

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page plus every console error and uncaught exception it produced. */
export interface WatchedPage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(viewport = { width: 1280, height: 900 }): Promise<{ newPage(): Promise<WatchedPage>; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'kubeflare-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, ignoreHTTPSErrors: true });
  // signed in as the dashboard's sign-in would: the admin token in the tab's sessionStorage (dashboard/src/connection.ts)
  await context.addInitScript((token: string) => (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.setItem('kubeflare.token', token), inject('adminToken'));
  return {
    async newPage() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return { page, errors, close: () => page.close() };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
