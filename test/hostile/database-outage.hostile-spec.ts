import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { LoginTokens } from '../support/auth-test-app';
import { type DatabaseProxy, databaseProxy } from '../support/database-proxy';
import { type Mode, type Platform, startPlatform } from '../support/platform';

const databaseUrl = process.env.DATABASE_URL;
/** The outage is staged with a relay in front of a real PostgreSQL server; the embedded one has no network to cut. */
const describeWithServer = databaseUrl ? describe : describe.skip;

describeWithServer.each(['monolith', 'split'] as Mode[])('PostgreSQL stops during traffic (%s)', (mode) => {
  let proxy: DatabaseProxy;
  let platform: Platform;
  let user: LoginTokens;
  const sku = `OUTAGE-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    proxy = await databaseProxy(databaseUrl!);
    platform = await startPlatform(mode, { DATABASE_URL: proxy.url });
    user = await platform.login();
    const admin = await platform.login({ roles: ['admin'] });
    await platform
      .http()
      .post('/api/products')
      .auth(admin.access_token, { type: 'bearer' })
      .send({ sku, name: 'Outage', priceCents: 100, stock: 50 })
      .expect(201);
  });
  afterAll(async () => {
    await proxy.start().catch(() => undefined);
    await platform.close();
    await proxy.close();
  });

  const requests = () => ({
    'GET /api/products': () => platform.http().get('/api/products'),
    'GET /api/orders': () => platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }),
    'POST /api/orders': () =>
      platform
        .http()
        .post('/api/orders')
        .auth(user.access_token, { type: 'bearer' })
        .send({ items: [{ sku, quantity: 1 }] }),
    'GET /auth/me': () => platform.http().get('/auth/me').auth(user.access_token, { type: 'bearer' }),
    'POST /auth/token (refresh)': () =>
      platform.http().post('/auth/token').send({ grant_type: 'refresh_token', refresh_token: user.refresh_token }),
  });

  it('answers 503 within 5 s on every route that needs it, never a 500, and /health reports it', async () => {
    // Traffic in flight while the database goes away.
    let running = true;
    const seen: Array<[string, number, number]> = [];
    const traffic = Array.from({ length: 8 }, async (_, i) => {
      const [name, send] = Object.entries(requests())[i % 3];
      while (running) {
        const started = Date.now();
        const response = await send();
        seen.push([name, response.status, Date.now() - started]);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    await proxy.stop();
    try {
      for (const [name, send] of Object.entries(requests())) {
        const started = Date.now();
        const response = await send();
        expect([name, response.status]).toEqual([name, 503]);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.body.message).toMatch(/unavailable/);
      }
      // The process holding the database (the gateway of split mode has none of its own).
      const health = await request(platform.authApp.getHttpServer()).get('/health');
      expect(health.status).toBe(503);
      expect(JSON.stringify(health.body)).toMatch(/database/);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      running = false;
      await Promise.all(traffic);
    }
    expect(seen.filter(([, status, ms]) => ![200, 201, 503].includes(status) || ms >= 5000)).toEqual([]);
  });

  it('recovers by itself when the database returns: nothing was consumed or lost meanwhile', async () => {
    await proxy.start();
    const started = Date.now();
    while ((await request(platform.authApp.getHttpServer()).get('/health')).status !== 200) {
      expect(Date.now() - started).toBeLessThan(20_000);
      await new Promise((r) => setTimeout(r, 250));
    }
    await platform.http().get('/api/products').expect(200);
    await platform.http().get('/auth/me').auth(user.access_token, { type: 'bearer' }).expect(200);
    // The refresh attempts refused during the outage did not spend the refresh token.
    const refreshed = await platform
      .http()
      .post('/auth/token')
      .send({ grant_type: 'refresh_token', refresh_token: user.refresh_token })
      .expect(200);
    await platform.http().get('/api/orders').auth(refreshed.body.access_token, { type: 'bearer' }).expect(200);
    await platform
      .http()
      .post('/api/orders')
      .auth(refreshed.body.access_token, { type: 'bearer' })
      .send({ items: [{ sku, quantity: 1 }] })
      .expect(201);
  });
});
