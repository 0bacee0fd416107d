import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { configureHttpApplication, connectInProcessServer, type Environment, rpcServerOptions } from '@app/common';
import { Clock, AccessTokensConfig } from '../../apps/auth/src';
import {
  authProxyPaths,
  GatewayAppModule,
  mountAuthProxy,
  mountBrowserSessions,
  mountGatewayApiDocs,
} from '../../apps/gateway/src';
import { InventoryAppModule } from '../../apps/inventory/src';
import { MonolithModule } from '../../apps/monolith/src';
import { OrdersAppModule } from '../../apps/orders/src';
import { createAuthTestApp, type AuthTestApp, type LoginTokens } from './auth-test-app';
import { freePort } from './free-port';
import { MutableClock } from './mutable-clock';
import { TestLoginModule, type TestLoginInput } from './test-login.module';
import { testEnvironment } from './test-environment';

export type Mode = 'monolith' | 'split';

export interface Platform {
  mode: Mode;
  env: Environment;
  /** The public origin: the gateway (split) or the monolith. */
  http: () => ReturnType<typeof request>;
  /** Makes the public origin listen on 127.0.0.1 (for clients with their own addresses); answers its URL. */
  listen: () => Promise<string>;
  /** The app holding the auth module, for direct access to its services and clock. */
  authApp: INestApplication;
  clock: MutableClock;
  login: (input?: TestLoginInput) => Promise<LoginTokens>;
  /** The app holding the orders module (in the monolith, authApp). */
  ordersApp: INestApplication;
  /** The gateway's application (split mode only; in the monolith it is authApp). */
  gatewayApp?: INestApplication;
  /** Service TCP ports (split mode only). */
  ports?: { auth: number; orders: number; inventory: number };
  /** Stops the auth app alone (split mode only). */
  stopAuth?: () => Promise<void>;
  close: () => Promise<void>;
}

async function boot(
  root: DynamicModule,
  env: Environment,
  extra: DynamicModule[] = [],
  clock?: MutableClock,
  forwardedPaths?: string[],
): Promise<INestApplication> {
  let builder = Test.createTestingModule({ imports: [root, ...extra] });
  if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
  const app = (await builder.compile()).createNestApplication({ bodyParser: false, bufferLogs: true });
  configureHttpApplication(app, env, { forwardedPaths });
  return app;
}

async function listenOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}

/** The platform as `npm start` runs it: one process, in-process transport, no TCP port. */
export async function startMonolith(overrides: Record<string, string | undefined> = {}): Promise<Platform> {
  const env = testEnvironment({
    JWT_KEYS_DIR: mkdtempSync(join(tmpdir(), 'keys-')),
    AUTH_RATE_LIMIT: '100000',
    ...overrides,
  });
  const clock = new MutableClock();
  const app = await boot(MonolithModule.forRoot(env), env, [TestLoginModule as unknown as DynamicModule], clock);
  connectInProcessServer(app);
  mountBrowserSessions(app, env);
  mountGatewayApiDocs(app, env, 'monolith');
  await app.startAllMicroservices();
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    mode: 'monolith',
    env,
    http,
    listen: () => listenOnLoopback(app),
    authApp: app,
    ordersApp: app,
    clock,
    login: async (input = {}) => (await http().post('/test/login').send(input).expect(200)).body,
    close: () => app.close(),
  };
}

/** The platform as the four split processes run it: TCP between apps, a database each. */
export async function startSplit(overrides: Record<string, string | undefined> = {}): Promise<Platform> {
  const ports = { auth: await freePort(), orders: await freePort(), inventory: await freePort() };
  const shared = {
    AUTH_TCP_PORT: String(ports.auth),
    ORDERS_TCP_PORT: String(ports.orders),
    INVENTORY_TCP_PORT: String(ports.inventory),
    ...overrides,
  };
  const auth: AuthTestApp = await createAuthTestApp(shared, { tcpPort: ports.auth, behindGateway: true });
  await auth.app.listen(0, '127.0.0.1');
  const authUrl = `http://127.0.0.1:${(auth.app.getHttpServer().address() as { port: number }).port}`;
  const env = testEnvironment({
    ...shared,
    JWT_KEYS_DIR: auth.env.feature(AccessTokensConfig).JWT_KEYS_DIR,
    AUTH_HTTP_URL: authUrl,
  });
  const services: INestApplication[] = [];
  for (const [name, root, port] of [
    ['inventory', InventoryAppModule.forRoot(env), ports.inventory],
    ['orders', OrdersAppModule.forRoot(env), ports.orders],
  ] as const) {
    const app = await boot(root, env);
    app.connectMicroservice(rpcServerOptions(app, env, name, port), { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    services.push(app);
  }
  const gateway = await boot(GatewayAppModule.forRoot(env), env, [], undefined, authProxyPaths(env));
  mountBrowserSessions(gateway, env);
  mountAuthProxy(gateway, env);
  mountGatewayApiDocs(gateway, env, 'split');
  await gateway.init();
  let authStopped = false;
  return {
    mode: 'split',
    env,
    http: () => request(gateway.getHttpServer()),
    listen: () => listenOnLoopback(gateway),
    authApp: auth.app,
    ordersApp: services[1],
    gatewayApp: gateway,
    clock: auth.clock,
    login: auth.login,
    ports,
    stopAuth: async () => {
      if (!authStopped) await auth.close();
      authStopped = true;
    },
    close: async () => {
      await gateway.close();
      for (const app of services.reverse()) await app.close();
      if (!authStopped) await auth.close();
    },
  };
}

/** `nats`: split mode with TRANSPORT=nats (NATS_URL, default the local server). */
export const startPlatform = (mode: Mode | 'nats', overrides: Record<string, string | undefined> = {}) =>
  mode === 'monolith'
    ? startMonolith(overrides)
    : startSplit(mode === 'nats' ? { TRANSPORT: 'nats', ...overrides } : overrides);
