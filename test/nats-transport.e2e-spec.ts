import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import type { INestApplication } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { lastValueFrom, timeout } from 'rxjs';
import { configureHttpApplication, natsClientOptions, rpcServerOptions } from '@app/common';
import { ORDERS_PATTERNS } from '@app/contracts';
import { JWKS_REFETCH_INTERVAL_MS } from '@app/security';
import { OrdersAppModule } from '../apps/orders/src';
import { KEY_ACTIVATION_SECONDS, SigningKeyService } from '../apps/auth/src';
import type { LoginTokens } from './support/auth-test-app';
import { type Platform, startPlatform } from './support/platform';
import { statusBy, statusWithin } from './support/status-within';
import { type DatabaseProxy, databaseProxy } from './support/database-proxy';

// Split mode with TRANSPORT=nats against the NATS server CI runs (NATS_URL, default 127.0.0.1:4222):
// what travels where, each service still verifying the caller itself, and several instances of a
// service sharing its messages. The whole API suite also runs over NATS (test/api.e2e-spec.ts).
describe('split mode over NATS', () => {
  let platform: Platform;
  let nats: NatsConnection;
  let user: LoginTokens;

  beforeAll(async () => {
    platform = await startPlatform('nats');
    nats = await connect({ servers: platform.env.NATS_URL.split(','), name: 'nats-transport-spec' });
    user = await platform.login();
  });
  afterAll(async () => {
    await nats?.close();
    await platform?.close();
  });

  const ordersOf = (tokens: LoginTokens) =>
    platform.http().get('/api/orders').auth(tokens.access_token, { type: 'bearer' });

  /** A Nest NATS client of our own, sending with `metadata` (in the message headers) if given. */
  const client = (metadata?: Record<string, string>): ClientProxy => {
    const proxy = ClientProxyFactory.create(natsClientOptions(platform.env, 'spec'));
    if (metadata) proxy.setOnDispatchHook((packet) => (packet.metadata = metadata));
    return proxy;
  };
  const send = async (proxy: ClientProxy, pattern: string, data: unknown) => {
    try {
      return { answer: await lastValueFrom(proxy.send(pattern, data).pipe(timeout(5000))) };
    } catch (error) {
      return { error };
    } finally {
      await proxy.close();
    }
  };

  it('carries the caller’s JWT in the message headers, never in the data', async () => {
    const seen: Msg[] = [];
    // A plain subscriber on the subject gets a copy of every message, beside the queue group.
    const copy = nats.subscribe(ORDERS_PATTERNS.list, { callback: (_, message) => void seen.push(message) });
    await nats.flush();
    await ordersOf(user).expect(200);
    copy.unsubscribe();
    expect(seen).toHaveLength(1);
    expect(seen[0].headers?.get('authorization')).toBe(`Bearer ${user.access_token}`);
    const body = seen[0].string();
    expect(body).not.toContain(user.access_token);
    expect(body).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(Object.keys(JSON.parse(body) as object).sort()).toEqual(['data', 'id', 'pattern']);
  });

  it('each service verifies the token itself: none, forged, or in the data is refused with 401', async () => {
    const forged = `${user.access_token.slice(0, -4)}AAAA`;
    for (const [metadata, data] of [
      [undefined, {}],
      [{ authorization: `Bearer ${forged}` }, {}],
      [undefined, { authorization: `Bearer ${user.access_token}` }],
    ] as const) {
      const { error } = await send(client(metadata), ORDERS_PATTERNS.list, data);
      expect(error).toMatchObject({ status: 401, error: 'invalid_token' });
    }
    const { answer } = await send(client({ authorization: `Bearer ${user.access_token}` }), ORDERS_PATTERNS.list, {});
    expect(answer).toEqual([]);
  });

  it('answers a message no service handles with an error, not silence', async () => {
    const { error } = await send(client({ authorization: `Bearer ${user.access_token}` }), 'orders.nothing', {});
    expect(error).toBeDefined();
  });

  describe('several instances of a service', () => {
    const extra: INestApplication[] = [];
    const startOrders = async () => {
      const moduleRef = await Test.createTestingModule({ imports: [OrdersAppModule.forRoot(platform.env)] }).compile();
      const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
      configureHttpApplication(app, platform.env);
      app.connectMicroservice(rpcServerOptions(app, platform.env, 'orders', 0), { inheritAppConfig: true });
      await app.startAllMicroservices();
      await app.init();
      extra.push(app);
      return app;
    };
    /** Messages this instance's NATS connection has taken so far. */
    const taken = (app: INestApplication) => app.getMicroservices()[0].unwrap<NatsConnection>().stats().inMsgs;
    afterAll(async () => {
      for (const app of extra) await app.close().catch(() => undefined);
    });

    it('share the service’s messages (one queue group), and the rest carry on when one stops', async () => {
      const [a, b] = [await startOrders(), await startOrders()];
      const before = [taken(a), taken(b)];
      for (let i = 0; i < 30; i++) await ordersOf(user).expect(200);
      const shares = [taken(a) - before[0], taken(b) - before[1]];
      // Three instances (the platform's own and these two) took 30 messages, each one once.
      expect(shares[0]).toBeGreaterThan(0);
      expect(shares[1]).toBeGreaterThan(0);
      expect(shares[0] + shares[1]).toBeLessThanOrEqual(30);

      await a.close();
      await b.close();
      for (let i = 0; i < 10; i++) await ordersOf(user).expect(200);
    });
  });
});

// Auth announces each committed revocation over NATS; every instance pulls the feed at once. With
// the poll set to a minute, only the announcement can make the 2 s.
(process.env.DATABASE_URL ? describe : describe.skip)('revocations announced over NATS', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform('nats', { REVOCATION_POLL_MS: '60000' });
  });
  afterAll(() => platform?.close());

  it('a ban reaches the gateway and the orders service within 2 s without waiting for their poll', async () => {
    const admin = await platform.login({ roles: ['admin'] });
    const user = await platform.login();
    const orders = ClientProxyFactory.create(natsClientOptions(platform.env, 'spec'));
    orders.setOnDispatchHook((packet) => (packet.metadata = { authorization: `Bearer ${user.access_token}` }));
    const direct = async () => {
      try {
        await lastValueFrom(orders.send(ORDERS_PATTERNS.list, {}).pipe(timeout(5000)));
        return 200;
      } catch (error) {
        return (error as { status?: number }).status ?? 500;
      }
    };
    const throughGateway = async () =>
      (await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' })).status;
    try {
      expect([await direct(), await throughGateway()]).toEqual([200, 200]);
      await platform
        .http()
        .post(`/api/admin/accounts/${user.account_id}/ban`)
        .auth(admin.access_token, { type: 'bearer' })
        .send({ reason: 'announced' })
        .expect(200);
      const banned = Date.now();
      expect(await statusWithin(2000, 401, direct)).toBe(401);
      expect(await statusBy(banned + 2000, 401, throughGateway)).toBe(401);
    } finally {
      await orders.close();
    }
  });
});

// NATS taken away behind a relay, as if its server stopped, and brought back.
describe('split mode over NATS when NATS goes away', () => {
  let platform: Platform;
  let relay: DatabaseProxy;

  beforeAll(async () => {
    relay = await databaseProxy('nats://127.0.0.1:4222');
    platform = await startPlatform('nats', { NATS_URL: relay.url });
  });
  afterAll(async () => {
    await platform?.close();
    await relay?.close();
  });

  it('says so in /health (503 naming nats), answers API calls with 503, and recovers when it returns', async () => {
    const user = await platform.login();
    const health = async () => {
      const response = await platform.http().get('/health');
      return { status: response.status, nats: response.body.details?.nats?.status };
    };
    const orders = async () =>
      (await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' })).status;
    expect(await health()).toEqual({ status: 200, nats: 'up' });
    expect(await orders()).toBe(200);

    await relay.stop();
    expect(await health()).toEqual({ status: 503, nats: 'down' });
    expect(await orders()).toBe(503);

    await relay.start();
    expect(await statusWithin(15_000, 200, async () => (await health()).status)).toBe(200);
    expect(await statusWithin(15_000, 200, orders)).toBe(200);
  }, 60_000);

  it('answers 503, not 401, for a token whose new key it cannot fetch while NATS is away', async () => {
    // A key rotated 15 s ago by auth's clock, so auth signs with it now; the gateway has not seen it.
    platform.clock.advance(-KEY_ACTIVATION_SECONDS);
    await platform.authApp.get(SigningKeyService).rotate();
    platform.clock.advance(KEY_ACTIVATION_SECONDS);
    await relay.stop();
    try {
      // Past the gateway's JWKS refetch interval, as a key signing now was published that long ago.
      await new Promise((resolve) => setTimeout(resolve, JWKS_REFETCH_INTERVAL_MS + 500));
      const user = await platform.login();
      const response = await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' });
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(response.headers['www-authenticate']).toBeUndefined();
      await relay.start();
      // The JWKS is asked again once its refetch interval has passed: then the token works.
      expect(
        await statusWithin(15_000, 200, async () => {
          const retried = await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' });
          return retried.status;
        }),
      ).toBe(200);
    } finally {
      await relay.start();
    }
  }, 60_000);
});
