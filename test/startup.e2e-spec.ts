import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { type AppName, type AppProcess, spawnApp, spawnScript, waitForStatus } from './support/app-process';
import { AccessTokensConfig, KEY_ACTIVATION_SECONDS } from '../apps/auth/src';
import { createAuthTestApp } from './support/auth-test-app';
import { freePort } from './support/free-port';

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

// Runs the compiled apps as an operator would: `npm test` builds first.
describe('start-up (compiled apps)', () => {
  let dataRoot: string;
  const running: AppProcess[] = [];

  beforeAll(async () => {
    dataRoot = await mkdtemp(join(tmpdir(), 'startup-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop('SIGKILL')));
    await rm(dataRoot, { recursive: true, force: true });
  });

  const databaseEnv = (name: string): Record<string, string> =>
    process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : { PGLITE_DATA_DIR: join(dataRoot, name) };

  it('the monolith answers /health with no configuration but a port, opens no service port, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const tcp = {
      AUTH_TCP_PORT: await freePort(),
      ORDERS_TCP_PORT: await freePort(),
      INVENTORY_TCP_PORT: await freePort(),
    };
    const app = spawnApp('monolith', {
      PORT: String(port),
      PGLITE_DATA_DIR: join(dataRoot, 'monolith'),
      ...Object.fromEntries(Object.entries(tcp).map(([name, value]) => [name, String(value)])),
    });
    running.push(app);
    const elapsed = await waitForStatus(`http://127.0.0.1:${port}/health`, 200, app);
    expect(elapsed).toBeLessThan(30_000);
    for (const servicePort of Object.values(tcp)) expect(await isListening(servicePort)).toBe(false);
    expect(await app.stop('SIGTERM')).toBe('graceful');
  });

  it('each split app boots on its own and answers /health', async () => {
    const ports = {
      gateway: await freePort(),
      auth: await freePort(),
      orders: await freePort(),
      inventory: await freePort(),
      authTcp: await freePort(),
      ordersTcp: await freePort(),
      inventoryTcp: await freePort(),
    };
    const common = {
      PORT: String(ports.gateway),
      AUTH_HTTP_PORT: String(ports.auth),
      ORDERS_HTTP_PORT: String(ports.orders),
      INVENTORY_HTTP_PORT: String(ports.inventory),
      AUTH_TCP_PORT: String(ports.authTcp),
      ORDERS_TCP_PORT: String(ports.ordersTcp),
      INVENTORY_TCP_PORT: String(ports.inventoryTcp),
    };
    const apps: Array<[AppName, number]> = [
      ['auth', ports.auth],
      ['orders', ports.orders],
      ['inventory', ports.inventory],
      ['gateway', ports.gateway],
    ];
    const started = apps.map(([name, port]) => {
      const app = spawnApp(name, { ...common, ...databaseEnv(name) });
      running.push(app);
      return { name, port, app };
    });
    for (const { port, app } of started) {
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, app);
    }
    for (const { app } of started) expect(await app.stop('SIGTERM')).toBe('graceful');
  });

  it('logs one JSON line per request at LOG_LEVEL=info, none at warn, where warnings are still written', async () => {
    const requestLines = (output: string) =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map(
          (line) =>
            JSON.parse(line) as {
              msg?: string;
              req?: { method?: string; url?: string };
              res?: { statusCode?: number };
            },
        )
        .filter((line) => line.req?.url === '/api/products');
    const outputs: Record<string, string> = {};
    for (const level of ['info', 'warn']) {
      const port = await freePort();
      const app = spawnApp('monolith', { PORT: String(port), LOG_LEVEL: level, ...databaseEnv(`logging-${level}`) });
      running.push(app);
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, app);
      expect((await fetch(`http://127.0.0.1:${port}/api/products?sku=MUG-1`)).status).toBe(200);
      expect(await app.stop('SIGTERM')).toBe('graceful');
      outputs[level] = app.output();
    }
    expect(requestLines(outputs.info)).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET' }),
        res: { statusCode: 200 },
      }),
    ]);
    expect(requestLines(outputs.warn)).toEqual([]);
    // The logger itself still works at warn: no Facebook app configured is a start-up warning.
    expect(outputs.warn).toMatch(/"level":40.*FACEBOOK_APP_ID is not set/);
  });

  it('says in one line where it listens and where the demo is; Nest’s wiring (routes mapped, modules loaded) only at debug', async () => {
    const outputs: Record<string, string> = {};
    for (const level of ['info', 'debug']) {
      const port = await freePort();
      const app = spawnApp('monolith', { PORT: String(port), LOG_LEVEL: level, ...databaseEnv(`startup-${level}`) });
      running.push(app);
      await waitForStatus(`http://127.0.0.1:${port}/health`, 200, app);
      expect(await app.stop('SIGTERM')).toBe('graceful');
      outputs[level] = app.output();
      expect(outputs[level]).toContain(
        `"context":"Startup","msg":"monolith listening on http://localhost:${port}; demo at http://localhost:${port}/; admin console at http://localhost:${port}/admin; API docs at http://localhost:${port}/api/docs/"`,
      );
    }
    expect(outputs.info).not.toMatch(/RouterExplorer|InstanceLoader|RoutesResolver/);
    expect(outputs.info.split('\n').filter((line) => line.startsWith('{')).length).toBeLessThan(15);
    expect(outputs.debug).toMatch(/"level":20.*"context":"RouterExplorer".*Mapped \{\/api\/orders, GET\} route/);
  });

  it('starts from any working directory: the API docs’ assets resolve from the installation, not the cwd', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'elsewhere-'));
    const port = await freePort();
    const app = spawnApp('monolith', { PORT: String(port), PGLITE_DATA_DIR: 'memory://' }, { cwd: elsewhere });
    running.push(app);
    await waitForStatus(`http://127.0.0.1:${port}/health`, 200, app);
    expect((await fetch(`http://127.0.0.1:${port}/api/docs/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
    expect(await app.stop('SIGTERM')).toBe('graceful');
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('a database it cannot reach stops start-up with one line naming DATABASE_URL, never its password', async () => {
    const closed = await freePort();
    const app = spawnApp('monolith', {
      PORT: String(await freePort()),
      DATABASE_URL: `postgres://root:hunter2-secret@127.0.0.1:${closed}/test`,
    });
    expect(await app.exited).toBe(1);
    expect(app.stderr().trim().split('\n')).toEqual([
      `monolith failed to start: the database at 127.0.0.1:${closed}/test refused the connection (is PostgreSQL running there?): check DATABASE_URL (connect ECONNREFUSED 127.0.0.1:${closed})`,
    ]);
    expect(app.output()).not.toContain('hunter2-secret');
    expect(app.output()).not.toMatch(/ExceptionHandler|at TCPConnectWrap/);
  });

  it('a NATS it cannot reach stops a split app with one line naming NATS_URL', async () => {
    const closed = await freePort();
    const app = spawnApp('orders', {
      TRANSPORT: 'nats',
      NATS_URL: `nats://127.0.0.1:${closed}`,
      ORDERS_HTTP_PORT: String(await freePort()),
      ...databaseEnv('nats-unreachable'),
    });
    expect(await app.exited).toBe(1);
    expect(app.stderr().trim().split('\n')).toEqual([
      `orders failed to start: the NATS server at 127.0.0.1:${closed} refused the connection (is NATS running there?): check NATS_URL (connection refused)`,
    ]);
  });

  it('a port in use stops start-up with one line naming the variable to change', async () => {
    const port = await freePort();
    const squatter = createServer().listen(port);
    await new Promise((resolve) => squatter.once('listening', resolve));
    try {
      const app = spawnApp('monolith', { PORT: String(port), ...databaseEnv('port-in-use') });
      expect(await app.exited).toBe(1);
      expect(app.stderr().trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^monolith failed to start: port ${port} is already in use: stop what uses it or set PORT `),
        ),
      ]);
      expect(app.output()).not.toMatch(/"level":50/);
    } finally {
      squatter.close();
    }
  });

  it('production with only the identity providers and the orders secret refuses to start, naming every missing setting at once', async () => {
    const app = spawnApp('monolith', {
      NODE_ENV: 'production',
      PORT: String(await freePort()),
      FACEBOOK_APP_ID: '1234567890',
      FACEBOOK_APP_SECRET: 'an-app-secret-of-32-characters!!',
      GOOGLE_CLIENT_ID: '123456789012-sample.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'GOCSPX-a-sample-client-secret',
      ORDERS_CLIENT_SECRET: 'an-orders-secret-0123456789',
    });
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^Invalid configuration: DATABASE_URL is required when NODE_ENV=production/),
      expect.stringMatching(/^Invalid configuration: ALLOWED_REDIRECT_URIS is required/),
      expect.stringMatching(/^Invalid configuration: SERVICE_CLIENTS is required/),
    ]);
    expect(app.output()).not.toContain('an-app-secret-of-32-characters!!');
  });

  it('production serves no demo, and the admin console only when ADMIN_CONSOLE=true with its sign-in return allowed', async () => {
    /** A production monolith whose extra settings may name its own port (the redirect URIs do). */
    const production = async (extra: (port: number) => Record<string, string>) => {
      const port = await freePort();
      const app = spawnApp('monolith', {
        NODE_ENV: 'production',
        PORT: String(port),
        ALLOW_EMBEDDED_DATABASE: 'true',
        PGLITE_DATA_DIR: 'memory://',
        FACEBOOK_APP_ID: '1234567890',
        FACEBOOK_APP_SECRET: 'an-app-secret-of-32-characters!!',
        GOOGLE_CLIENT_ID: '123456789012-sample.apps.googleusercontent.com',
        GOOGLE_CLIENT_SECRET: 'GOCSPX-a-sample-client-secret',
        ORDERS_CLIENT_SECRET: 'an-orders-secret-0123456789',
        SERVICE_CLIENTS: '[]',
        ALLOWED_REDIRECT_URIS: `http://localhost:${port}/`,
        ...extra(port),
      });
      running.push(app);
      return { port, app };
    };
    const statuses = async (port: number, paths: string[]) =>
      Object.fromEntries(
        await Promise.all(paths.map(async (path) => [path, (await fetch(`http://127.0.0.1:${port}${path}`)).status])),
      );
    const pages = ['/', '/demo.js', '/admin', '/admin/admin.js', '/base.css', '/page-kit.js', '/client/auth-client.js'];

    const off = await production(() => ({}));
    await waitForStatus(`http://127.0.0.1:${off.port}/health`, 200, off.app);
    expect(await statuses(off.port, pages)).toEqual(Object.fromEntries(pages.map((path) => [path, 404])));
    expect(await off.app.stop('SIGTERM')).toBe('graceful');

    const refused = await production(() => ({ ADMIN_CONSOLE: 'true' }));
    expect(await refused.app.exited).toBe(1);
    expect(refused.app.stderr().trim().split('\n')).toEqual([
      `Invalid configuration: ADMIN_CONSOLE=true needs http://localhost:${refused.port}/admin in ALLOWED_REDIRECT_URIS: the console's sign-in returns there`,
    ]);

    const on = await production((port) => ({
      LOG_LEVEL: 'info',
      ADMIN_CONSOLE: 'true',
      ALLOWED_REDIRECT_URIS: `http://localhost:${port}/,http://localhost:${port}/admin`,
    }));
    await waitForStatus(`http://127.0.0.1:${on.port}/health`, 200, on.app);
    expect(await statuses(on.port, pages)).toEqual({
      '/': 404,
      '/demo.js': 404,
      '/admin': 200,
      '/admin/admin.js': 200,
      '/base.css': 200,
      '/page-kit.js': 200,
      '/client/auth-client.js': 200,
    });
    expect(await on.app.stop('SIGTERM')).toBe('graceful');
    expect(on.app.output()).toContain(`admin console at http://localhost:${on.port}/admin`);
  });

  it('a malformed variable stops start-up with one line naming it', async () => {
    const app = spawnApp('monolith', { PORT: 'abc' });
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT must be an integer TCP port from 1 to 65535$/);
  });
});

describe('npm run keys:rotate', () => {
  it('makes a running auth app sign with a new key while the old one stays published', async () => {
    const auth = await createAuthTestApp();
    try {
      const oldKid = decodeProtectedHeader((await auth.login()).access_token).kid;
      const rotation = spawnScript('dist/apps/auth/src/keys/rotate-signing-key.js', {
        JWT_KEYS_DIR: auth.env.feature(AccessTokensConfig).JWT_KEYS_DIR,
      });
      expect(await rotation.exited).toBe(0);
      expect(rotation.output()).toMatch(/new RS256 signing key \S+ in .*; 1 retired key\(s\) still published/);

      let newKid = oldKid;
      const deadline = Date.now() + (KEY_ACTIVATION_SECONDS + 10) * 1000;
      while (newKid === oldKid && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        newKid = decodeProtectedHeader((await auth.login()).access_token).kid;
      }
      expect(newKid).not.toBe(oldKid);
      const published = (await auth.http().get('/.well-known/jwks.json').expect(200)).body.keys.map(
        (k: { kid: string }) => k.kid,
      );
      expect(published).toEqual(expect.arrayContaining([oldKid, newKid]));
    } finally {
      await auth.close();
    }
  });
});
