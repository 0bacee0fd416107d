import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { Client } from 'pg';
import { lastValueFrom, timeout } from 'rxjs';
import { loadEnvironment, natsClientOptions } from '@app/common';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { type AppProcess, spawnApp, waitForStatus } from '../support/app-process';
import { facebookEnvironment, startFacebook } from '../support/facebook-fixture';
import { freePort } from '../support/free-port';
import { inventoryDelegationRequest } from '../support/token-exchange';

const databaseUrl = process.env.DATABASE_URL;
const describeWithServer = databaseUrl ? describe : describe.skip;
/** The issue asks for 60 s; SCALE_LOAD_SECONDS shortens it while working on the suite. */
const LOAD_SECONDS = Number(process.env.SCALE_LOAD_SECONDS ?? 60);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** The documented answers while an instance is down: the gateway's 503 (a service or auth unreachable). */
const DURING_KILL = new Set([503]);

type Service = 'gateway' | 'auth' | 'orders' | 'inventory';
const SERVICES: Service[] = ['auth', 'inventory', 'orders', 'gateway'];
interface Tokens {
  access_token: string;
  refresh_token: string;
}
interface Instance {
  name: string;
  service: Service;
  env: Record<string, string>;
  health: string;
  metrics: string;
  process?: AppProcess;
}

// Two instances of every app, compiled and run as an operator would on NATS against one
// PostgreSQL: a minute of logins, refreshes, reads and orders through both gateways, one instance
// of each service SIGKILLed and started again in the middle, a ban issued during the load.
describeWithServer('two instances of every app on NATS, under load, one of each killed', () => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let dir: string;
  let adminFacebookId: string;
  const instances: Instance[] = [];
  const gateways: string[] = [];
  const db = new Client({ connectionString: databaseUrl });
  let nats: ClientProxy;

  const of = (service: Service) => instances.filter((instance) => instance.service === service);
  const start = async (instance: Instance) => {
    instance.process = spawnApp(instance.service, instance.env);
    await waitForStatus(instance.health, 200, instance.process, 60_000);
  };
  const call = async (
    gateway: string,
    method: string,
    path: string,
    { token, body }: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    try {
      const response = await fetch(`${gateway}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
    } catch {
      // The connection itself failed: the gateway it went to was the one killed.
      return { status: 0, body: {} };
    }
  };
  const login = async (facebookUserId: string, gateway = gateways[0]): Promise<Tokens> => {
    const response = await call(gateway, 'POST', '/auth/facebook/token', {
      body: { access_token: facebook.issueUserToken(ours.appId, facebookUserId) },
    });
    expect(response.status).toBe(200);
    return response.body as unknown as Tokens;
  };
  /** A NATS client of our own whose every message carries `token` in its headers. */
  const natsClientAs = (token: string): ClientProxy => {
    const proxy = ClientProxyFactory.create(natsClientOptions(loadEnvironment({ NATS_URL }), 'scale-spec'));
    proxy.setOnDispatchHook((packet) => (packet.metadata = { authorization: `Bearer ${token}` }));
    return proxy;
  };
  /** An RPC straight onto NATS: whichever instance of the queue group takes it. */
  const rpc = async (proxy: ClientProxy, pattern: string, data: unknown): Promise<number> => {
    try {
      await lastValueFrom(proxy.send(pattern, data).pipe(timeout(5000)));
      return 200;
    } catch (error) {
      return (error as { status?: number }).status ?? 0;
    }
  };
  /** Every token refusal an instance has counted (its own metrics listener). */
  const refusalsCounted = async (instance: Instance): Promise<number> => {
    const text = await (await fetch(instance.metrics)).text();
    return [...text.matchAll(/^token_verification_failures_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, [, value]) => sum + Number(value),
      0,
    );
  };

  beforeAll(async () => {
    let facebookUrl: string;
    ({ facebook, ours, url: facebookUrl } = await startFacebook());
    dir = mkdtempSync(join(tmpdir(), 'scale-'));
    adminFacebookId = facebook.addUser('Scale Admin').id;
    const shared = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl!,
      TRANSPORT: 'nats',
      NATS_URL,
      // Each instance is one process here: the instances are what is under test, on 2 cores.
      WORKERS: '1',
      JWT_KEYS_DIR: join(dir, 'keys'),
      // One public origin (a load balancer in front of both gateways): the tokens' issuer.
      ...facebookEnvironment(facebookUrl, ours),
      ADMIN_FACEBOOK_IDS: adminFacebookId,
      AUTH_COOKIE_SECRET: randomUUID() + randomUUID(),
      AUTH_RATE_LIMIT: '1000000',
      // A client whose answer a kill lost retries the same refresh token: within this, that is no theft.
      REFRESH_REUSE_INTERVAL: '60',
      PENDING_ORDER_TIMEOUT_SECONDS: '15',
    };
    for (const pair of [0, 1]) {
      const port = await freePort();
      const authPort = await freePort();
      for (const service of SERVICES) {
        const httpPort = service === 'gateway' ? port : service === 'auth' ? authPort : await freePort();
        const metricsPort = await freePort();
        const own: Record<Service, Record<string, string>> = {
          // Each gateway forwards /auth/* to one auth instance (compose: the service name, any replica).
          gateway: { PORT: String(port), AUTH_HTTP_URL: `http://127.0.0.1:${authPort}` },
          auth: { AUTH_HTTP_PORT: String(authPort), AUTH_HTTP_URL: `http://127.0.0.1:${authPort}` },
          orders: { ORDERS_HTTP_PORT: String(httpPort) },
          inventory: { INVENTORY_HTTP_PORT: String(httpPort) },
        };
        instances.push({
          name: `${service}-${'ab'[pair]}`,
          service,
          env: { ...shared, METRICS_PORT: String(metricsPort), ...own[service] },
          health: `http://127.0.0.1:${httpPort}/health`,
          metrics: `http://127.0.0.1:${metricsPort}/metrics`,
        });
      }
      gateways.push(`http://127.0.0.1:${port}`);
    }
    // One auth first (it migrates, and makes the signing key the others fetch), then the rest at once.
    await start(of('auth')[0]);
    await Promise.all(instances.filter((instance) => instance !== of('auth')[0]).map(start));
    await db.connect();
    nats = ClientProxyFactory.create(natsClientOptions(loadEnvironment({ NATS_URL }), 'scale-spec'));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.process?.stop('SIGTERM')));
    await nats?.close();
    await db.end();
    await facebook?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `holds ${LOAD_SECONDS} s of mixed load across a SIGKILL of one instance of each app: no 5xx but the kill's 503s, no lost or duplicated order, stock exact, a ban everywhere within 2 s`,
    async () => {
      const adminTokens = await login(adminFacebookId);
      const products = Array.from({ length: 3 }, (_, i) => ({
        sku: `SCALE-${i}-${randomUUID().slice(0, 8)}`,
        name: 'Scale',
        priceCents: 100,
        stock: 400,
      }));
      for (const product of products)
        expect(
          (await call(gateways[0], 'POST', '/api/products', { token: adminTokens.access_token, body: product })).status,
        ).toBe(201);

      const people = Array.from({ length: 40 }, (_, i) => facebook.addUser(`Scale ${i}`).id);
      const refreshers = await Promise.all(people.slice(0, 24).map((id, i) => login(id, gateways[i % 2])));
      const readers = await Promise.all(people.slice(24, 32).map((id, i) => login(id, gateways[i % 2])));
      const placers = await Promise.all(people.slice(32, 40).map((id, i) => login(id, gateways[i % 2])));
      const victimFacebookId = facebook.addUser('Scale Victim').id;
      const victim = await login(victimFacebookId);
      const victimDelegated = (
        (await lastValueFrom(
          nats.send('auth.token', inventoryDelegationRequest(victim.access_token)).pipe(timeout(5000)),
        )) as { access_token: string }
      ).access_token;

      const outcomes: Record<string, Map<number, number>> = {};
      const count = (kind: string, status: number) => {
        outcomes[kind] ??= new Map();
        outcomes[kind].set(status, (outcomes[kind].get(status) ?? 0) + 1);
      };
      const unexpected: string[] = [];
      let killing = false;
      /**
       * Which gateway a client uses: its own, unless that refused a connection in the last 3 s (as a
       * load balancer in front of both takes a gateway that is gone out of rotation for a while).
       */
      const balancer = (i: number) => {
        let awayUntil = 0;
        return {
          get gateway() {
            return Date.now() < awayUntil ? 1 - (i % 2) : i % 2;
          },
          failover: () => (awayUntil = Date.now() + 3000),
        };
      };
      const judge = (
        via: ReturnType<typeof balancer>,
        kind: string,
        { status, body }: { status: number; body: Record<string, unknown> },
        expected: number[],
      ) => {
        count(kind, status);
        if (status === 0) via.failover();
        if (expected.includes(status)) return;
        if (killing && (DURING_KILL.has(status) || status === 0)) return;
        unexpected.push(`${kind}: ${status} ${JSON.stringify(body).slice(0, 200)} at ${new Date().toISOString()}`);
      };
      /** Orders the platform said it placed (201), by id, with their lines. */
      const placed = new Map<string, Array<{ sku: string; quantity: number }>>();
      const deadline = Date.now() + LOAD_SECONDS * 1000;
      const pause = () => new Promise((r) => setTimeout(r, 20));

      // Logins of people of their own: each login opens a session, and past the per-account limit the
      // oldest is evicted, which would end the sessions the other loops hold.
      const loginOnly = Array.from({ length: 40 }, (_, i) => facebook.addUser(`Scale login ${i}`).id);
      const logging = Array.from({ length: 2 }, async (_, i) => {
        const via = balancer(i);
        while (Date.now() < deadline) {
          const response = await call(gateways[via.gateway], 'POST', '/auth/facebook/token', {
            body: { access_token: facebook.issueUserToken(ours.appId, loginOnly[(Math.random() * 40) | 0]) },
          });
          judge(via, 'login', response, [200]);
          await pause();
        }
      });
      const refreshing = refreshers.map(async (tokens, i) => {
        const via = balancer(i);
        let current = tokens.refresh_token;
        while (Date.now() < deadline) {
          const response = await call(gateways[via.gateway], 'POST', '/auth/token', {
            body: { grant_type: 'refresh_token', refresh_token: current },
          });
          judge(via, 'refresh', response, [200]);
          if (response.status === 200) current = (response.body as unknown as Tokens).refresh_token;
          else if (response.status >= 400 && response.status < 500) return;
          else await pause();
        }
      });
      const reading = Array.from({ length: 32 }, async (_, i) => {
        const via = balancer(i);
        while (Date.now() < deadline) {
          const response = await call(gateways[via.gateway], 'GET', '/api/orders', {
            token: readers[i % readers.length].access_token,
          });
          judge(via, 'read', response, [200]);
          if (response.status !== 200) await pause();
        }
      });
      const placing = placers.map(async (tokens, i) => {
        const via = balancer(i);
        while (Date.now() < deadline) {
          const items = [{ sku: products[i % 3].sku, quantity: 1 + (i % 2) }];
          const response = await call(gateways[via.gateway], 'POST', '/api/orders', {
            token: tokens.access_token,
            body: { items },
          });
          judge(via, 'order', response, [201, 409]);
          if (response.status === 201) {
            const id = response.body.id as string;
            expect(placed.has(id)).toBe(false);
            placed.set(id, items);
          } else await pause();
        }
      });

      // A third of the way in: SIGKILL one instance of each app at once, and start them again.
      const chaos = (async () => {
        await new Promise((r) => setTimeout(r, (LOAD_SECONDS * 1000) / 3));
        killing = true;
        const killed = SERVICES.map((service) => of(service)[0]);
        process.stdout.write(`killing one instance of each app at ${new Date().toISOString()}\n`);
        for (const instance of killed) expect(await instance.process!.stop('SIGKILL')).toBe('killed');
        await Promise.all(killed.map(start));
        // Clients that were mid-request when the kill landed have their answers by now.
        await new Promise((r) => setTimeout(r, 6000));
        killing = false;
      })();

      // Half-way: ban the victim; every instance refuses its token within 2 s.
      const ban = (async () => {
        await chaos;
        const before = await Promise.all([...of('orders'), ...of('inventory')].map(refusalsCounted));
        const banned = await call(
          gateways[1],
          'POST',
          `/api/admin/accounts/${decodeJwt(victim.access_token).sub}/ban`,
          {
            token: adminTokens.access_token,
            body: { reason: 'scale test' },
          },
        );
        expect(banned.status).toBe(200);
        const bannedAt = Date.now();
        const asVictim = natsClientAs(victim.access_token);
        const asOrdersForVictim = natsClientAs(victimDelegated);
        const everywhere = async () => {
          const statuses = await Promise.all([
            ...gateways.map(
              async (gateway) => (await call(gateway, 'GET', '/api/orders', { token: victim.access_token })).status,
            ),
            ...gateways.map(
              async (gateway) => (await call(gateway, 'GET', '/auth/me', { token: victim.access_token })).status,
            ),
            ...Array.from({ length: 6 }, () => rpc(asVictim, 'orders.list', {})),
            ...Array.from({ length: 6 }, () =>
              rpc(asOrdersForVictim, 'inventory.reserve', {
                reservationId: randomUUID(),
                // A product that does not exist: a probe that got through would answer 404, and reserve nothing.
                items: [{ sku: 'SCALE-NO-SUCH-PRODUCT', quantity: 1 }],
              }),
            ),
          ]);
          return statuses.every((status) => status === 401);
        };
        while (!(await everywhere()) && Date.now() - bannedAt < 2000) await new Promise((r) => setTimeout(r, 50));
        const took = Date.now() - bannedAt;
        expect(await everywhere()).toBe(true);
        expect(took).toBeLessThan(2000);
        // Each instance of orders and inventory refused it itself (NATS spread the probes over both).
        const after = await Promise.all([...of('orders'), ...of('inventory')].map(refusalsCounted));
        expect(after.map((value, i) => value > before[i])).toEqual([true, true, true, true]);
        await Promise.all([asVictim.close(), asOrdersForVictim.close()]);
        return took;
      })();

      await Promise.all([...logging, ...refreshing, ...reading, ...placing, chaos]);
      const banTook = await ban;
      const statuses = Object.fromEntries(
        Object.entries(outcomes).map(([kind, map]) => [kind, Object.fromEntries(map)]),
      );
      process.stdout.write(`scale outcomes: ${JSON.stringify(statuses)}; ban refused everywhere after ${banTook} ms\n`);
      expect(unexpected).toEqual([]);
      expect(statuses.order['201']).toBeGreaterThan(50);
      expect(statuses.read['200']).toBeGreaterThan(1000);

      // Orders a dead orders instance left half-done have had their stock given back.
      const sweepDeadline = Date.now() + 40_000;
      const unfinished = async () =>
        Number(
          (await db.query(`SELECT count(*) FROM orders.orders WHERE status IN ('pending', 'releasing')`)).rows[0].count,
        );
      process.stdout.write(`orders left unfinished by the kill: ${await unfinished()}\n`);
      while ((await unfinished()) > 0 && Date.now() < sweepDeadline) await new Promise((r) => setTimeout(r, 500));
      expect(await unfinished()).toBe(0);

      // Every order the platform confirmed is recorded once, with its lines; none the platform did not place.
      const recorded = await db.query(
        `SELECT o.id, i.sku, i.quantity FROM orders.orders o JOIN orders.order_items i ON i.order_id = o.id
          WHERE i.sku = ANY($1) AND o.status = 'confirmed'`,
        [products.map((product) => product.sku)],
      );
      const recordedIds = new Set(recorded.rows.map((row: { id: string }) => row.id));
      expect([...placed.keys()].filter((id) => !recordedIds.has(id))).toEqual([]);
      // A 201 the kill lost is recorded without the client knowing: at most one per placer.
      expect(recordedIds.size - placed.size).toBeLessThanOrEqual(placers.length);
      for (const product of products) {
        const remaining = ((await call(gateways[0], 'GET', `/api/products/${product.sku}`)).body as { stock: number })
          .stock;
        const sold = recorded.rows
          .filter((row: { sku: string }) => row.sku === product.sku)
          .reduce((sum: number, row: { quantity: number }) => sum + row.quantity, 0);
        const reservedHeld = await db.query(
          `SELECT coalesce(sum(ri.quantity), 0)::int AS held FROM inventory.reservation_items ri
             JOIN inventory.reservations r ON r.id = ri.reservation_id
            WHERE ri.sku = $1 AND r.released_at IS NULL`,
          [product.sku],
        );
        expect({ sku: product.sku, total: remaining + sold, held: reservedHeld.rows[0].held }).toEqual({
          sku: product.sku,
          total: product.stock,
          held: sold,
        });
      }
    },
    (LOAD_SECONDS + 180) * 1000,
  );
});
