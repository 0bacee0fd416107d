import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type AppProcess, spawnApp, waitForStatus } from './support/app-process';
import { freePort } from './support/free-port';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

// A person's session in real Chromium against `npm start` with no configuration: the demo SPA,
// the built-in Facebook emulator's dialog, an order, a revoked session and a logout.
describe('the demo SPA in a real browser (monolith, emulator)', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    const port = await freePort();
    origin = `http://localhost:${port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'browser-'));
    app = spawnApp('monolith', { PORT: String(port), PUBLIC_URL: origin, PGLITE_DATA_DIR: join(dataDir, 'db'), JWT_KEYS_DIR: join(dataDir, 'keys') });
    await waitForStatus(`${origin}/health`, 200, app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const signIn = async (user: string) => {
    await page.getByRole('button', { name: 'Continue with Facebook' }).click();
    await page.waitForURL(/\/_facebook\/dialog\/oauth/);
    await page.getByRole('button', { name: `Continue as ${user}` }).click();
    await page.waitForURL(`${origin}/`);
    await page.locator('#profile', { hasText: user }).waitFor();
  };

  it('logs in through the emulator, shows the profile, places an order, revokes the session and logs out', async () => {
    await page.goto(`${origin}/`);
    await signIn('Alice Example');
    expect(await page.locator('#profile').textContent()).toContain('user');
    // No token ever sits in the address bar.
    expect(page.url()).toBe(`${origin}/`);

    await page.locator('#products li', { hasText: 'Coffee mug' }).getByRole('button', { name: 'Order 1' }).click();
    await page.locator('#message', { hasText: 'Order placed.' }).waitFor();
    await page.locator('#orders li', { hasText: '1 × MUG-1' }).waitFor();
    await page.locator('#products li', { hasText: '24 in stock' }).waitFor();
    await page.locator('#sessions li', { hasText: 'This browser' }).waitFor();

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-signed-in.png'), fullPage: true });

    await page.locator('#sessions li', { hasText: 'This browser' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Continue with Facebook' }).waitFor();

    await signIn('Bob Example');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('#message', { hasText: 'Logged out.' }).waitFor();
    await page.getByRole('button', { name: 'Continue with Facebook' }).waitFor();
  });
});
