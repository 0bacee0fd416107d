import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { Client } from 'pg';
import { DEVELOPMENT_ORDERS_CLIENT_SECRET } from '@app/contracts';
import type { FacebookEmulator, EmulatedApp } from '@app/emulators';
import { type AppName, type AppProcess, spawnApp, waitForStatus } from '../support/app-process';
import { facebookEnvironment, startFacebook } from '../support/facebook-fixture';
import { freePort } from '../support/free-port';

const databaseUrl = process.env.DATABASE_URL;
const describeWithServer = databaseUrl ? describe : describe.skip;
/** The issue asks for 60 s; HOSTILE_LOAD_SECONDS shortens it while working on the suite. */
const LOAD_SECONDS = Number(process.env.HOSTILE_LOAD_SECONDS ?? 60);

interface Tokens {
  access_token: string;
  refresh_token: string;
}
type SplitApp = Exclude<AppName, 'monolith'>;

// The four split processes, run as an operator would (compiled, own environment, real PostgreSQL),
// under load, killed, restarted; every line they log is kept and checked for secrets at the end.
describeWithServer('the split processes under load, SIGKILL and restart', () => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let env: Record<string, string>;
  let keysDir: string;
  let adminFacebookId: string;
  let gateway: string;
  let authHealth: string;
  const ports = {} as Record<SplitApp, number>;
  const running = {} as Record<SplitApp, AppProcess>;
  const logs: string[] = [];
  /** Every credential the run handled, to look for in the logs. */
  const secrets = new Set<string>();
  const db = new Client({ connectionString: databaseUrl });

  const start = async (name: SplitApp) => {
    running[name] = spawnApp(name, env);
    await waitForStatus(`http://127.0.0.1:${ports[name]}/health`, 200, running[name], 60_000);
  };
  const stop = async (name: SplitApp, signal: NodeJS.Signals) => {
    const outcome = await running[name].stop(signal);
    logs.push(running[name].output());
    return outcome;
  };
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${gateway}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const get = async (path: string, token?: string) => {
    const response = await fetch(`${gateway}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as unknown };
  };
  const remember = (tokens: Tokens) => {
    secrets.add(tokens.access_token);
    secrets.add(tokens.refresh_token);
    return tokens;
  };
  const login = async (facebookUserId = facebook.addUser(`User ${randomUUID().slice(0, 6)}`).id): Promise<Tokens> => {
    const facebookToken = facebook.issueUserToken(ours.appId, facebookUserId);
    secrets.add(facebookToken);
    const response = await post('/auth/facebook/token', { access_token: facebookToken });
    expect(response.status).toBe(200);
    return remember(response.body as unknown as Tokens);
  };
  const refresh = async (token: string) => {
    const response = await post('/auth/token', { grant_type: 'refresh_token', refresh_token: token });
    if (response.status === 200) remember(response.body as unknown as Tokens);
    return response;
  };

  beforeAll(async () => {
    let facebookUrl: string;
    ({ facebook, ours, url: facebookUrl } = await startFacebook());
    adminFacebookId = facebook.addUser('Admin').id;
    for (const name of ['auth', 'orders', 'inventory', 'gateway'] as SplitApp[]) ports[name] = await freePort();
    const tcp = { auth: await freePort(), orders: await freePort(), inventory: await freePort() };
    keysDir = mkdtempSync(join(tmpdir(), 'hostile-keys-'));
    const cookieSecret = randomUUID();
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: databaseUrl!,
      JWT_KEYS_DIR: keysDir,
      ...facebookEnvironment(facebookUrl, ours),
      PUBLIC_URL: 'http://localhost:3000',
      ADMIN_FACEBOOK_IDS: adminFacebookId,
      AUTH_COOKIE_SECRET: cookieSecret,
      AUTH_RATE_LIMIT: '1000000',
      // Long enough for a client to retry, after auth restarts, a token whose answer the kill lost.
      REFRESH_REUSE_INTERVAL: '60',
      PORT: String(ports.gateway),
      AUTH_HTTP_PORT: String(ports.auth),
      AUTH_HTTP_URL: `http://127.0.0.1:${ports.auth}`,
      ORDERS_HTTP_PORT: String(ports.orders),
      INVENTORY_HTTP_PORT: String(ports.inventory),
      AUTH_TCP_PORT: String(tcp.auth),
      ORDERS_TCP_PORT: String(tcp.orders),
      INVENTORY_TCP_PORT: String(tcp.inventory),
    };
    secrets.add(ours.appSecret).add(cookieSecret).add(DEVELOPMENT_ORDERS_CLIENT_SECRET);
    gateway = `http://127.0.0.1:${ports.gateway}`;
    authHealth = `http://127.0.0.1:${ports.auth}/health`;
    // auth first: it creates the signing key the others fetch
    await start('auth');
    await Promise.all((['inventory', 'orders', 'gateway'] as SplitApp[]).map(start));
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    for (const name of Object.keys(running) as SplitApp[]) await stop(name, 'SIGTERM');
    await db.end();
    await facebook.close();
    rmSync(keysDir, { recursive: true, force: true });
  });

  /** Live (unused, unrevoked) refresh tokens per session: more than one would be a forked family. */
  const forkedFamilies = async (sessionIds: string[]) =>
    (
      await db.query(
        `SELECT session_id FROM auth.refresh_tokens WHERE session_id = ANY($1::uuid[]) AND used_at IS NULL AND revoked_at IS NULL
          GROUP BY session_id HAVING count(*) > 1`,
        [sessionIds],
      )
    ).rows;
  /** Successors issued for a token presented again after the reuse interval: there must be none. */
  const rotatedAfterInterval = async (sessionIds: string[]) =>
    (
      await db.query(
        `SELECT c.session_id FROM auth.refresh_tokens c JOIN auth.refresh_tokens p ON p.id = c.parent_id
          WHERE c.session_id = ANY($1::uuid[]) AND c.issued_at > p.used_at + interval '60 seconds'`,
        [sessionIds],
      )
    ).rows;
  const sessionOf = (tokens: Tokens) => decodeJwt(tokens.access_token).sid as string;

  it(
    `holds ${LOAD_SECONDS} s of load with zero 5xx, and the stock invariant exactly`,
    async () => {
      const admin = await login(adminFacebookId);
      const products = Array.from({ length: 3 }, (_, i) => ({
        sku: `LOAD-${i}-${randomUUID().slice(0, 8)}`,
        name: 'Load',
        priceCents: 100,
        stock: 150,
      }));
      for (const product of products)
        expect((await post('/api/products', product, admin.access_token)).status).toBe(201);

      const refreshers = await Promise.all(Array.from({ length: 64 }, () => login()));
      const readers = await Promise.all(Array.from({ length: 20 }, () => login()));
      const placers = await Promise.all(Array.from({ length: 20 }, () => login()));
      const outcomes = {
        refresh: new Map<number, number>(),
        read: new Map<number, number>(),
        order: new Map<number, number>(),
      };
      const count = (kind: keyof typeof outcomes, status: number) =>
        outcomes[kind].set(status, (outcomes[kind].get(status) ?? 0) + 1);
      const confirmed = new Map<string, number>();
      const deadline = Date.now() + LOAD_SECONDS * 1000;

      const refreshing = refreshers.map(async (tokens) => {
        let current = tokens.refresh_token;
        while (Date.now() < deadline) {
          const response = await refresh(current);
          count('refresh', response.status);
          if (response.status === 200) current = (response.body as unknown as Tokens).refresh_token;
          else break;
        }
      });
      // 200 concurrent readers, ten per reading account
      const reading = Array.from({ length: 200 }, async (_, i) => {
        while (Date.now() < deadline)
          count('read', (await get('/api/orders', readers[i % readers.length].access_token)).status);
      });
      const placing = placers.map(async (tokens, i) => {
        while (Date.now() < deadline) {
          const items = [
            { sku: products[i % 3].sku, quantity: 1 + (i % 3) },
            ...(i % 2 ? [{ sku: products[(i + 1) % 3].sku, quantity: 1 }] : []),
          ];
          const response = await post('/api/orders', { items }, tokens.access_token);
          count('order', response.status);
          if (response.status === 201)
            for (const item of items) confirmed.set(item.sku, (confirmed.get(item.sku) ?? 0) + item.quantity);
        }
      });
      await Promise.all([...refreshing, ...reading, ...placing]);

      const statuses = Object.fromEntries(
        Object.entries(outcomes).map(([kind, map]) => [kind, Object.fromEntries(map)]),
      );
      // Every refresh chain survived, every read succeeded, orders either placed (201) or refused for stock (409).
      expect({
        refresh: Object.keys(statuses.refresh),
        read: Object.keys(statuses.read),
        order: Object.keys(statuses.order).filter((s) => s !== '409'),
      }).toEqual({
        refresh: ['200'],
        read: ['200'],
        order: ['201'],
      });
      expect(statuses.order['409']).toBeGreaterThan(0); // the stock ran out: contention was real
      expect(statuses.refresh['200']).toBeGreaterThan(refreshers.length * 5);
      expect(statuses.read['200']).toBeGreaterThan(1000);
      process.stdout.write(`load outcomes: ${JSON.stringify(statuses)}\n`);

      for (const product of products) {
        const remaining = ((await get(`/api/products/${product.sku}`)).body as { stock: number }).stock;
        const stored = await db.query(
          `SELECT coalesce(sum(i.quantity), 0)::int AS reserved FROM orders.order_items i JOIN orders.orders o ON o.id = i.order_id
          WHERE i.sku = $1 AND o.status = 'confirmed'`,
          [product.sku],
        );
        expect({
          sku: product.sku,
          total: remaining + stored.rows[0].reserved,
          answered: confirmed.get(product.sku) ?? 0,
        }).toEqual({
          sku: product.sku,
          total: product.stock,
          answered: stored.rows[0].reserved,
        });
      }
      expect(await forkedFamilies(refreshers.map(sessionOf))).toEqual([]);
    },
    (LOAD_SECONDS + 120) * 1000,
  );

  it('loses no session when auth is killed (SIGKILL) in the middle of rotations, and rotates nothing outside the reuse interval', async () => {
    const clients = await Promise.all(Array.from({ length: 32 }, () => login()));
    const sessions = clients.map(sessionOf);
    let phase: 'before' | 'down' | 'after' = 'before';
    const refused: string[] = [];
    let interrupted = 0;
    const loops = clients.map(async (tokens, i) => {
      let current = tokens.refresh_token;
      while (phase !== 'after' || Math.random() < 0.9) {
        const response = await refresh(current).catch(() => ({ status: 0, body: {} }));
        if (response.status === 200) current = (response.body as unknown as Tokens).refresh_token;
        else if (response.status === 503 || response.status === 0) {
          interrupted += 1;
          await new Promise((r) => setTimeout(r, 100)); // retry the same token
        } else {
          refused.push(`client ${i}: ${response.status} ${JSON.stringify(response.body)}`);
          return current;
        }
        if (phase === 'after' && response.status === 200) break;
      }
      return current;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stop('auth', 'SIGKILL')).toBe('killed');
    phase = 'down';
    await start('auth');
    phase = 'after';
    const held = await Promise.all(loops);
    expect(refused).toEqual([]);
    expect(interrupted).toBeGreaterThan(0); // the kill did land in the middle of traffic
    // Every client's session works with the token it holds now.
    for (const token of held) expect((await refresh(token)).status).toBe(200);
    expect(await rotatedAfterInterval(sessions)).toEqual([]);
    await waitForStatus(authHealth, 200, running.auth);
  }, 120_000);

  it('keeps sessions, orders and stock across a restart of every process', async () => {
    const admin = await login(adminFacebookId);
    const product = { sku: `RESTART-${randomUUID().slice(0, 8)}`, name: 'Restart', priceCents: 300, stock: 10 };
    expect((await post('/api/products', product, admin.access_token)).status).toBe(201);
    const user = await login();
    const order = await post('/api/orders', { items: [{ sku: product.sku, quantity: 4 }] }, user.access_token);
    expect(order.status).toBe(201);

    for (const name of ['gateway', 'orders', 'inventory', 'auth'] as SplitApp[])
      expect(await stop(name, 'SIGTERM')).toBe('graceful');
    await start('auth');
    await Promise.all((['inventory', 'orders', 'gateway'] as SplitApp[]).map(start));

    // The access token issued before the restart still verifies (same keys on disk), the session refreshes.
    expect((await get('/api/orders', user.access_token)).body).toEqual([
      expect.objectContaining({ id: order.body.id, status: 'confirmed' }),
    ]);
    const refreshed = await refresh(user.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(((await get(`/api/products/${product.sku}`)).body as { stock: number }).stock).toBe(6);
  }, 180_000);

  it('never logged a token, a secret or a private key, in any process, across the whole run', async () => {
    const everything = [...logs, ...Object.values(running).map((app) => app.output())].join('\n');
    // The logs are real: requests were logged at debug level by every process.
    expect(everything).toMatch(/"url":"\/auth\/token"/);
    expect(everything.length).toBeGreaterThan(100_000);
    const leaked = [...secrets].filter((secret) => everything.includes(secret));
    expect(leaked.map((secret) => `${secret.slice(0, 12)}…`)).toEqual([]);
    expect(everything).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/); // any JWT at all
    expect(everything).not.toMatch(/EAA[\w-]{20,}/); // any Facebook token
    expect(everything).not.toMatch(/PRIVATE KEY/);
    const privateKeys = readdirSync(keysDir).filter((file) => file.endsWith('.pem'));
    expect(privateKeys.length).toBeGreaterThan(0);
    for (const file of privateKeys) {
      const body = readFileSync(join(keysDir, file), 'utf8').replace(/-----[^-]+-----|\s/g, '');
      for (let at = 0; at + 40 <= body.length; at += 40) expect(everything).not.toContain(body.slice(at, at + 40));
    }
  });
});
