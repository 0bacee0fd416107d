import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { freePort } from './support/free-port';

const CHROMIUM = '/usr/bin/chromium';
const MINUTES = 60_000;

/**
 * A newcomer's shell: the machine's own Node and npm, without the node_modules/.bin directories npm
 * put on this test's PATH (with the project's pinned Node in them). `npm start` adds the clone's own.
 */
const newcomersPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => !dir.includes('node_modules'))
  .join(delimiter);

/** Runs `npm <args>` in `cwd` with nothing configured but PATH, HOME and the port; resolves on exit 0. */
function npm(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; done: Promise<void> } {
  const child = spawn('npm', args, {
    cwd,
    detached: true,
    env: { PATH: newcomersPath, HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`)),
    ),
  );
  return { child, output: () => output, done };
}

// The newcomer's path, exactly as README's "Two commands" says: a fresh clone, `npm ci && npm start`,
// nothing else (no build, no configuration), then the demo in a browser.
describe('a fresh clone with npm ci && npm start', () => {
  let clone: string;
  let started: ReturnType<typeof npm> | undefined;
  let browser: Browser | undefined;
  let origin: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    clone = await mkdtemp(join(tmpdir(), 'newcomer-'));
    execFileSync('git', ['clone', '--quiet', process.cwd(), clone]);
    await npm(clone, ['ci', '--no-audit', '--no-fund', '--prefer-offline']).done;
    const port = await freePort();
    origin = `http://localhost:${port}`;
    started = npm(clone, ['start'], { PORT: String(port) });
    const deadline = Date.now() + 4 * MINUTES;
    for (;;) {
      if (started.child.exitCode !== null) throw new Error(`npm start exited:\n${started.output().slice(-4000)}`);
      const healthy = await fetch(`${origin}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`npm start did not become healthy:\n${started.output().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, 10 * MINUTES);

  afterAll(async () => {
    await browser?.close();
    // npm start runs nest, which runs node: end the whole group.
    if (started?.child.pid && started.child.exitCode === null) {
      process.kill(-started.child.pid, 'SIGTERM');
      await Promise.race([started.done.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
    await rm(clone, { recursive: true, force: true });
  }, MINUTES);

  it('serves the demo, whose sign-in through the emulator survives a reload', async () => {
    const page = await browser!.newPage();
    const missing: string[] = [];
    page.on('response', (response) => void (response.status() === 404 && missing.push(response.url())));
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Continue with Facebook' }).click();
    await page.waitForURL(/\/_emulator\/facebook\/dialog\/oauth/);
    await page.getByRole('button', { name: 'Continue as Alice Example' }).click();
    await page.waitForURL(`${origin}/`);
    await page.locator('#state', { hasText: 'Signed in as Alice Example.' }).waitFor();
    await page.reload();
    await page.locator('#state', { hasText: 'Signed in as Alice Example.' }).waitFor();
    expect(await page.locator('#products li').count()).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
