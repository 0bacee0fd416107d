import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type CompiledPlatform, startCompiledPlatform } from './support/compiled-platform';
import { freePort } from './support/free-port';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/;
/** A refresh token or a session secret: 256 bits in base64url. */
const OPAQUE_SECRET = /[A-Za-z0-9_-]{43}/;
const deployments = process.env.DATABASE_URL
  ? (['monolith', 'split', 'monolith-workers'] as const)
  : (['monolith'] as const);

// A person's sessions in real Chromium against the compiled platform with no configuration: the
// demo SPA, the built-in Facebook emulator's dialog, every way of holding a session, several tabs.
describe.each(deployments)('the demo SPA in Chromium (%s)', (deployment) => {
  let platform: CompiledPlatform;
  let browser: Browser;
  let attacker: Server;
  let attackerOrigin: string;
  /** The form a page on another site submits (with the victim's cookies, if the browser sent them). */
  let attackForm = '';

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    // Every test here comes from 127.0.0.1, and in split mode the limit is counted in the database
    // the whole suite shares: the limit itself has its own tests.
    platform = await startCompiledPlatform(deployment, { AUTH_RATE_LIMIT: '100000' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const port = await freePort();
    attackerOrigin = `http://127.0.0.1:${port}`;
    attacker = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackForm));
    await new Promise<void>((done) => attacker.listen(port, '127.0.0.1', done));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    // An app that ended by itself mid-suite leaves every later test refused: keep what it said.
    for (const [name, app] of Object.entries(platform?.apps ?? {})) {
      if (app.child.exitCode === null && app.child.signalCode === null) continue;
      await mkdir('test-artifacts', { recursive: true });
      await writeFile(join('test-artifacts', `browser-${deployment}-${name}.log`), app.output());
      process.stderr.write(`${name} (${deployment}) exited on its own:\n${app.output().slice(-4000)}\n`);
    }
    await platform?.stop();
    // Each only if it started: a failed start-up must not hang the tear-down.
    if (attacker) await new Promise((done) => attacker.close(done));
  });

  const inMode = async (mode: 'memory' | 'cookie' | 'session'): Promise<BrowserContext> => {
    const context = await browser.newContext();
    await context.addInitScript((chosen) => localStorage.setItem('demo.mode', chosen), mode);
    return context;
  };
  const open = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${platform.origin}/`);
    await page.locator('#state').filter({ hasText: /\S/ }).waitFor();
    return page;
  };
  const signIn = async (page: Page, user: string) => {
    // A returning visitor is offered "Continue as …" first, and another account beside it.
    await page.getByRole('button', { name: /^(Continue with Facebook|Use another Facebook account)$/ }).click();
    await page.waitForURL(/\/dialog\/oauth\?/);
    await page.getByRole('button', { name: `Continue as ${user}` }).click();
    await page.waitForURL(`${platform.origin}/`);
    await signedInAs(page, user);
  };
  const signedInAs = (page: Page, user: string, timeout?: number) =>
    page.locator('#state', { hasText: `Signed in as ${user}.` }).waitFor({ timeout });
  const readableByScript = (page: Page) =>
    page.evaluate(() =>
      JSON.stringify({ cookie: document.cookie, local: { ...localStorage }, session: { ...sessionStorage } }),
    );

  it('logs in through the emulator, shows the profile, places an order, revokes the session and logs out', async () => {
    const page = await open(await inMode('cookie'));
    await signIn(page, 'Alice Example');
    expect(await page.locator('#profile').textContent()).toContain('user');
    // No token ever sits in the address bar.
    expect(page.url()).toBe(`${platform.origin}/`);
    await page.locator('#orders li', { hasText: 'No orders yet.' }).waitFor();

    const product = page.locator('#products li', { has: page.getByRole('button', { name: 'Order 1' }) }).first();
    const [, name, sku, stock] = /^(.+) \((.+)\) — .*, (\d+) in stock/.exec(
      (await product.locator('span').textContent()) ?? '',
    )!;
    await product.getByRole('button', { name: 'Order 1' }).click();
    await page.locator('#message', { hasText: 'Order placed.' }).waitFor();
    await page
      .locator('#orders li', { hasText: `1 × ${sku}` })
      .first()
      .waitFor();
    const left = Number(stock) - 1;
    await page
      .locator('#products li', { hasText: left > 0 ? `${name} (${sku}) — ` : `${name} (${sku})` })
      .filter({ hasText: left > 0 ? `${left} in stock` : 'out of stock' })
      .waitFor();
    await page.locator('#sessions li', { hasText: /This browser \(Chrome on Linux\) — last used just now/ }).waitFor();

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `demo-signed-in-${deployment}.png`), fullPage: true });

    await page.locator('#sessions li', { hasText: 'This browser' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Continue as Alice Example' }).waitFor();

    await signIn(page, 'Bob Example');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('#message', { hasText: 'Logged out.' }).waitFor();
    // A returning visitor is offered their account back.
    await page.locator('#state', { hasText: 'Welcome back, Bob Example.' }).waitFor();
    await page.getByRole('button', { name: 'Continue as Bob Example' }).waitFor();
  });

  describe.each(['cookie', 'session'] as const)('%s mode', (mode) => {
    it('survives a reload, and leaves nothing a script could steal', async () => {
      const context = await inMode(mode);
      const page = await open(context);
      const received: string[] = [];
      page.on('response', async (response) => {
        received.push(JSON.stringify(response.headers()));
        received.push(await response.text().catch(() => ''));
      });
      await signIn(page, 'Alice Example');
      await page.reload();
      await signedInAs(page, 'Alice Example');
      const readable = await readableByScript(page);
      expect(readable).not.toMatch(JWT);
      expect(readable).not.toMatch(OPAQUE_SECRET);
      expect(JSON.parse(readable).cookie).toBe('');
      // In session mode no token reaches the page at all, in any response it receives.
      if (mode === 'session') expect(received.filter((text) => JWT.test(text))).toEqual([]);
      await context.close();
    });

    it('keeps two tabs signed in when they refresh at the same moment, and signs both out from either', async () => {
      const context = await inMode(mode);
      const first = await open(context);
      await signIn(first, 'Bob Example');
      const second = await open(context);
      await signedInAs(second, 'Bob Example');
      await Promise.all([first.reload(), second.reload()]);
      await Promise.all([signedInAs(first, 'Bob Example'), signedInAs(second, 'Bob Example')]);
      // Past the revocation delay, both are still signed in: the race revoked nothing.
      await new Promise((r) => setTimeout(r, 2500));
      await Promise.all([first.reload(), second.reload()]);
      await Promise.all([signedInAs(first, 'Bob Example'), signedInAs(second, 'Bob Example')]);

      await first.getByRole('button', { name: 'Log out' }).click();
      await second.locator('#signed-out').waitFor({ state: 'visible', timeout: 1000 });
      await second.reload();
      await second.locator('#state', { hasText: 'Welcome back, Bob Example.' }).waitFor();
      await context.close();
    });

    it('lets a form on another site change nothing with the cookie', async () => {
      const context = await inMode(mode);
      const page = await open(context);
      await signIn(page, 'Alice Example');
      const orders = await page.locator('#orders li').count();
      const victim = await context.newPage();
      for (const action of ['/api/orders', '/auth/logout', '/auth/token']) {
        attackForm = `<form id="f" method="POST" action="${platform.origin}${action}"><input name="grant_type" value="refresh_token"><input name="items" value="x"></form><script>f.submit()</script>`;
        await victim.goto(`${attackerOrigin}/`);
        await victim.waitForURL(`${platform.origin}${action}`);
      }
      await page.reload();
      await signedInAs(page, 'Alice Example');
      expect(await page.locator('#orders li').count()).toBe(orders);
      await context.close();
    });
  });

  it('signs in with Google, links Facebook, and unlinks down to the last login', async () => {
    const page = await open(await inMode('cookie'));
    const suffix = Date.now().toString(36);
    await page.getByRole('button', { name: /^(Continue with Google|Use another Google account)$/ }).click();
    await page.waitForURL(/\/o\/oauth2\/v2\/auth\?/);
    await page.getByPlaceholder('Name').fill(`Gwen ${suffix}`);
    await page.getByRole('button', { name: 'Create and continue' }).click();
    await page.waitForURL(`${platform.origin}/`);
    await signedInAs(page, `Gwen ${suffix}`);
    await page.locator('#logins li', { hasText: 'Google: linked' }).waitFor();

    await page.getByRole('button', { name: 'Link Facebook' }).click();
    await page.waitForURL(/\/dialog\/oauth\?/);
    await page.getByPlaceholder('Name').fill(`Fred ${suffix}`);
    await page.getByRole('button', { name: 'Create and continue' }).click();
    await page.waitForURL(`${platform.origin}/`);
    await page.locator('#message', { hasText: 'Facebook linked to your account.' }).waitFor();
    await page.locator('#logins li', { hasText: 'Facebook: linked' }).waitFor();
    await page.locator('#logins li', { hasText: 'Google: linked' }).waitFor();

    await page.getByRole('button', { name: 'Unlink Google' }).click();
    await page.locator('#message', { hasText: 'Google unlinked.' }).waitFor();
    await page.locator('#logins li', { hasText: 'Google: not linked' }).waitFor();
    await page.getByRole('button', { name: 'Unlink Facebook' }).click();
    await page.locator('#message', { hasText: /Unlink refused: .*only login/ }).waitFor();
    await page.locator('#logins li', { hasText: 'Facebook: linked' }).waitFor();
  });

  it('renders the interactive API docs (Swagger UI under the platform’s CSP) with every section', async () => {
    const page = await (await browser.newContext()).newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`${platform.origin}/api/docs`);
    await page.locator('.swagger-ui .info .title', { hasText: 'Auth platform' }).waitFor();
    for (const tag of ['auth: tokens', 'auth: google', 'api: orders'])
      await page.locator('.opblock-tag', { hasText: tag }).first().waitFor();
    expect(blocked).toEqual([]);
  });

  it('cookie mode: a 429 on refresh keeps the user signed in, and the refresh is retried', async () => {
    const context = await inMode('cookie');
    const page = await open(context);
    await signIn(page, 'Alice Example');
    let refused = 0;
    await page.route('**/auth/token', async (route) => {
      if (refused++ === 0)
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '1', 'content-type': 'application/json' },
          body: '{"statusCode":429,"message":"too many requests"}',
        });
      return route.continue();
    });
    await page.reload();
    await signedInAs(page, 'Alice Example', 10_000);
    expect(refused).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('memory mode: a reload forgets the tokens, as documented', async () => {
    const page = await open(await inMode('memory'));
    await signIn(page, 'Alice Example');
    await page.reload();
    await page.locator('#signed-out').waitFor({ state: 'visible' });
  });

  describe('the admin console', () => {
    /** The console, signed in (session mode) through the emulator's dialog as `user`. */
    const openConsole = async (user: string): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${platform.origin}/admin`);
      await page.getByRole('button', { name: 'Sign in with Facebook' }).click();
      await page.waitForURL(/\/dialog\/oauth\?/);
      await page.getByRole('button', { name: `Continue as ${user}` }).click();
      await page.waitForURL(`${platform.origin}/admin`);
      await page.locator('#who', { hasText: `Signed in as ${user}.` }).waitFor();
      return page;
    };

    it('an admin bans a signed-in user from the console, and the user’s demo tab is signed out within 2 s', async () => {
      const name = `Mallory ${Date.now().toString(36)}`;
      const demo = await open(await inMode('cookie'));
      await demo.getByRole('button', { name: /^(Continue with Facebook|Use another Facebook account)$/ }).click();
      await demo.waitForURL(/\/dialog\/oauth\?/);
      await demo.getByPlaceholder('Name').fill(name);
      await demo.getByRole('button', { name: 'Create and continue' }).click();
      await demo.waitForURL(`${platform.origin}/`);
      await signedInAs(demo, name);

      const console = await openConsole('Ada Admin');
      await console.locator('#recent li', { hasText: 'login_succeeded' }).first().waitFor();
      await console.getByPlaceholder(/Account id/).fill(name.split(' ')[1]);
      await console.getByRole('button', { name: 'Find' }).click();
      await console.locator('#results li', { hasText: name }).getByRole('button', { name: 'Open' }).click();
      await console.locator('#account-name', { hasText: name }).waitFor();
      await console.locator('#account-sessions li', { hasText: /facebook · .*Chrome/ }).waitFor();
      await console.locator('#account-audit li', { hasText: 'login_succeeded' }).waitFor();

      await console.getByPlaceholder('Reason for the ban').fill('spam, from the console');
      const banned = Date.now();
      await console.getByRole('button', { name: 'Ban', exact: true }).click();
      await demo.locator('#signed-out').waitFor({ state: 'visible', timeout: 2000 });
      expect(Date.now() - banned).toBeLessThan(2000);
      await demo.locator('#message', { hasText: 'You were signed out' }).waitFor();

      await console.locator('#account-details dd', { hasText: 'banned: spam, from the console' }).waitFor();
      await console.locator('#account-sessions li', { hasText: 'No live sessions.' }).waitFor();
      await console.locator('#account-audit li', { hasText: /ban · .*reason: spam, from the console/ }).waitFor();
      await mkdir(ARTIFACTS, { recursive: true });
      await console.screenshot({ path: join(ARTIFACTS, `admin-console-${deployment}.png`), fullPage: true });
      // Reloaded, the demo stays signed out: the ban ended the session, not just the page's state.
      await demo.reload();
      await demo.locator('#signed-out').waitFor({ state: 'visible' });

      await console.getByRole('button', { name: 'Unban' }).click();
      await console.locator('#account-details dd', { hasText: 'active' }).waitFor();
      await console.context().close();
      await demo.context().close();
    });

    it('tells a signed-in user without the admin role that the console is not theirs, and shows nothing', async () => {
      const console = await openConsole('Alice Example');
      await console.locator('#message', { hasText: 'does not have the admin role' }).waitFor();
      expect(await console.locator('#console').isVisible()).toBe(false);
      expect(await console.locator('#recent li').count()).toBe(0);
      await console.context().close();
    });
  });
});
