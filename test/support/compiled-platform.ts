import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppName, type AppProcess, spawnApp, waitForStatus } from './app-process';
import { freePort } from './free-port';

export interface CompiledPlatform {
  /** The public origin, as a browser reaches it. */
  origin: string;
  apps: Partial<Record<AppName, AppProcess>>;
  stop: () => Promise<void>;
}

/**
 * The compiled apps as an operator runs them, with no configuration but ports: the monolith (its
 * embedded database), or the four split processes (they need one shared DATABASE_URL).
 */
export async function startCompiledPlatform(
  mode: 'monolith' | 'split',
  extra: Record<string, string> = {},
  /** Settings of one process only (e.g. each its own METRICS_PORT). */
  perApp: Partial<Record<AppName, Record<string, string>>> = {},
): Promise<CompiledPlatform> {
  const dir = await mkdtemp(join(tmpdir(), `platform-${mode}-`));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const common = { PUBLIC_URL: origin, JWT_KEYS_DIR: join(dir, 'keys'), ...extra };
  const apps: CompiledPlatform['apps'] = {};
  const stop = async () => {
    for (const app of Object.values(apps).reverse()) await app.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
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
