import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppName, type AppProcess, spawnApp, waitForStatus } from './app-process';
import { freePort } from './free-port';
import { FacebookEmulator, GoogleEmulator } from '@app/emulators';

/** The people the built-in emulators offer, for providers started beside the platform. */
const PEOPLE = [
  ['Alice Example', 'alice@example.test'],
  ['Bob Example', 'bob@example.test'],
] as const;

export interface CompiledPlatform {
  /** The public origin, as a browser reaches it. */
  origin: string;
  apps: Partial<Record<AppName, AppProcess>>;
  stop: () => Promise<void>;
}

/**
 * The compiled apps as an operator runs them, with no configuration but ports: the monolith (its
 * embedded database), the four split processes (they need one shared DATABASE_URL), or the
 * monolith with WORKERS=2 on DATABASE_URL and providers of its own (the built-in emulators rule
 * out a second worker).
 */
export async function startCompiledPlatform(
  mode: 'monolith' | 'split' | 'monolith-workers',
  extra: Record<string, string> = {},
  /** Settings of one process only (e.g. each its own METRICS_PORT). */
  perApp: Partial<Record<AppName, Record<string, string>>> = {},
): Promise<CompiledPlatform> {
  const dir = await mkdtemp(join(tmpdir(), `platform-${mode}-`));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const common = { PUBLIC_URL: origin, JWT_KEYS_DIR: join(dir, 'keys'), ...extra };
  const apps: CompiledPlatform['apps'] = {};
  const providers: Array<{ close(): Promise<void> }> = [];
  const stop = async () => {
    for (const app of Object.values(apps).reverse()) await app.stop();
    for (const provider of providers) await provider.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (mode === 'monolith-workers') {
      // Every core needs providers outside the process (the built-in emulators keep their logins in
      // one): Facebook and Google on ports of their own, with the built-in ones' people.
      if (!process.env.DATABASE_URL) throw new Error('WORKERS above 1 needs DATABASE_URL');
      const facebook = new FacebookEmulator();
      providers.push(facebook);
      const app = facebook.registerApp();
      for (const [name, email] of PEOPLE) facebook.addUser(name, email);
      const admin = facebook.addUser('Ada Admin', 'ada@example.test');
      const graph = await facebook.listen();
      const google = new GoogleEmulator();
      providers.push(google);
      const client = google.registerClient();
      for (const [name, email] of PEOPLE) google.addUser(name, email);
      const issuer = await google.listen();
      apps.monolith = spawnApp('monolith', {
        ...common,
        PORT: String(port),
        DATABASE_URL: process.env.DATABASE_URL,
        WORKERS: '2',
        FACEBOOK_APP_ID: app.appId,
        FACEBOOK_APP_SECRET: app.appSecret,
        FACEBOOK_GRAPH_URL: graph,
        FACEBOOK_DIALOG_URL: `${graph}/dialog/oauth`,
        ADMIN_FACEBOOK_IDS: admin.id,
        GOOGLE_CLIENT_ID: client.clientId,
        GOOGLE_CLIENT_SECRET: client.clientSecret,
        GOOGLE_ISSUER_URL: issuer,
        ...perApp.monolith,
      });
      await waitForStatus(`${origin}/health`, 200, apps.monolith);
      return { origin, apps, stop };
    }
    if (mode === 'monolith') {
      apps.monolith = spawnApp('monolith', {
        ...common,
        PORT: String(port),
        PGLITE_DATA_DIR: join(dir, 'db'),
        ...perApp.monolith,
      });
      await waitForStatus(`${origin}/health`, 200, apps.monolith);
      return { origin, apps, stop };
    }
    if (!process.env.DATABASE_URL)
      throw new Error('split mode needs DATABASE_URL (one database for the four processes)');
    const ports = {
      auth: await freePort(),
      orders: await freePort(),
      inventory: await freePort(),
      authTcp: await freePort(),
      ordersTcp: await freePort(),
      inventoryTcp: await freePort(),
    };
    const split = {
      ...common,
      DATABASE_URL: process.env.DATABASE_URL,
      PORT: String(port),
      AUTH_HTTP_PORT: String(ports.auth),
      AUTH_HTTP_URL: `http://127.0.0.1:${ports.auth}`,
      ORDERS_HTTP_PORT: String(ports.orders),
      INVENTORY_HTTP_PORT: String(ports.inventory),
      AUTH_TCP_PORT: String(ports.authTcp),
      ORDERS_TCP_PORT: String(ports.ordersTcp),
      INVENTORY_TCP_PORT: String(ports.inventoryTcp),
    };
    // auth first: it creates the signing key the others fetch
    apps.auth = spawnApp('auth', { ...split, ...perApp.auth });
    await waitForStatus(`http://127.0.0.1:${ports.auth}/health`, 200, apps.auth);
    apps.inventory = spawnApp('inventory', { ...split, ...perApp.inventory });
    apps.orders = spawnApp('orders', { ...split, ...perApp.orders });
    apps.gateway = spawnApp('gateway', { ...split, ...perApp.gateway });
    await waitForStatus(`http://127.0.0.1:${ports.inventory}/health`, 200, apps.inventory);
    await waitForStatus(`http://127.0.0.1:${ports.orders}/health`, 200, apps.orders);
    await waitForStatus(`${origin}/health`, 200, apps.gateway);
    return { origin, apps, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
