import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { configureHttpApplication, serveInternalApiDocument, type Environment, rpcServerOptions } from '@app/common';
import { AuthAppModule, Clock } from '../../apps/auth/src';
import { MutableClock } from './mutable-clock';
import { TestLoginModule, type TestLoginInput } from './test-login.module';
import { testEnvironment } from './test-environment';

export interface AuthTestApp {
  app: INestApplication;
  env: Environment;
  clock: MutableClock;
  http: () => ReturnType<typeof request>;
  login: (input?: TestLoginInput) => Promise<LoginTokens>;
  refresh: (refreshToken: string) => request.Test;
  close: () => Promise<void>;
}

export interface LoginTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  account_id: string;
  session_id: string;
}

/** The auth app as it runs, plus a test-only login provider and a clock the test controls. */
export async function createAuthTestApp(
  overrides: Record<string, string | undefined> = {},
  options: { tcpPort?: number; behindGateway?: boolean } = {},
): Promise<AuthTestApp> {
  const env = testEnvironment({
    JWT_KEYS_DIR: mkdtempSync(join(tmpdir(), 'auth-keys-')),
    AUTH_RATE_LIMIT: '100000',
    ...overrides,
  });
  const clock = new MutableClock();
  const moduleRef = await Test.createTestingModule({ imports: [AuthAppModule.forRoot(env), TestLoginModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureHttpApplication(app, env, { behindGateway: options.behindGateway });
  if (options.tcpPort) {
    // As the split auth app's main.ts does: its part of the API document, for the gateway.
    serveInternalApiDocument(app, env);
    app.connectMicroservice(rpcServerOptions(app, env, 'auth', options.tcpPort), { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    env,
    clock,
    http,
    login: async (input = {}) => (await http().post('/test/login').send(input).expect(200)).body as LoginTokens,
    refresh: (refreshToken) =>
      http().post('/auth/token').send({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    close: () => app.close(),
  };
}
