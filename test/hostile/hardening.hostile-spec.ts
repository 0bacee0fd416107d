import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt, randomUUID } from 'node:crypto';
import { FORWARDED_CLIENT_HEADER, signForwardedClient } from '@app/common';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { signRequest } from '../../apps/auth/src';
import type { LoginTokens } from '../support/auth-test-app';
import { startFacebookPlatform } from '../support/facebook-fixture';
import { httpFrom } from '../support/http-from';
import type { Mode, Platform } from '../support/platform';
import { rpcTestClient } from '../support/rpc-client';

// The defects of the hardening review, replayed from outside against both modes: racing refreshes,
// role demotion, a ban that must outlive data deletion, stale Facebook callbacks, the credential
// rate limit seen from two client addresses, and an order total past 32 bits.
const REVOCATION_DELAY_MS = 2500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['monolith', 'split'] as Mode[])('hardening (%s)', (mode) => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let platform: Platform;
  let admin: LoginTokens;

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ facebook, ours, platform, close } = await startFacebookPlatform(mode));
    admin = await platform.login({ roles: ['admin'] });
  });
  afterAll(() => close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const refresh = (refreshToken: string) =>
    platform.http().post('/auth/token').send({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const now = () => Math.floor(Date.now() / 1000);
  const sdkLogin = (facebookUserId: string) =>
    platform
      .http()
      .post('/auth/facebook/token')
      .send({ access_token: facebook.issueUserToken(ours.appId, facebookUserId) });

  it('twenty racing refreshes of one token: every pair handed out works, at the services too, after the revocation delay', async () => {
    const user = await platform.login();
    const raced = await Promise.all(Array.from({ length: 20 }, () => refresh(user.refresh_token)));
    expect(raced.map((r) => r.status)).toEqual(Array(20).fill(200));
    const successors = [];
    for (const { body } of raced) successors.push((await refresh(body.refresh_token).expect(200)).body);
    // A false reuse alarm would have revoked the session; give any revocation time to spread.
    await pause(REVOCATION_DELAY_MS);
    for (const pair of [...raced.map((r) => r.body), ...successors]) {
      await platform.http().get('/api/orders').set(bearer(pair.access_token)).expect(200);
    }
    if (platform.ports) {
      const orders = rpcTestClient(platform.ports.orders);
      try {
        await expect(orders.call('orders.list', {}, raced[0].body.access_token)).resolves.toEqual([]);
      } finally {
        await orders.close();
      }
    }
  });

  it('a demoted admin’s old token is refused at every service within 2 s and cannot re-promote', async () => {
    const deputy = await platform.login();
    await platform
      .http()
      .put(`/api/admin/accounts/${deputy.account_id}/roles`)
      .set(bearer(admin.access_token))
      .send({ roles: ['admin'] })
      .expect(200);
    const promoted = (await refresh(deputy.refresh_token).expect(200)).body;
    await platform.http().get(`/api/admin/accounts/${admin.account_id}`).set(bearer(promoted.access_token)).expect(200);
    await platform
      .http()
      .put(`/api/admin/accounts/${deputy.account_id}/roles`)
      .set(bearer(admin.access_token))
      .send({ roles: [] })
      .expect(200);
    await pause(REVOCATION_DELAY_MS);
    await platform
      .http()
      .put(`/api/admin/accounts/${deputy.account_id}/roles`)
      .set(bearer(promoted.access_token))
      .send({ roles: ['admin'] })
      .expect(401);
    await platform.http().get('/api/orders').set(bearer(promoted.access_token)).expect(401);
    if (platform.ports) {
      for (const [port, pattern, data] of [
        [platform.ports.orders, 'orders.list', {}],
        [platform.ports.auth, 'auth.accounts.get', { accountId: admin.account_id }],
      ] as const) {
        const service = rpcTestClient(port);
        try {
          await expect(service.call(pattern, data, promoted.access_token)).rejects.toMatchObject({ status: 401 });
        } finally {
          await service.close();
        }
      }
    }
    expect(
      (
        await platform
          .http()
          .get(`/api/admin/accounts/${deputy.account_id}`)
          .set(bearer(admin.access_token))
          .expect(200)
      ).body.roles,
    ).toEqual(['user']);
  });

  it('a ban outlives the deletion of the user’s data: the same Facebook user cannot come back unbanned', async () => {
    const person = facebook.addUser('Evader');
    const tokens = (await sdkLogin(person.id).expect(200)).body;
    const me = (await platform.http().get('/auth/me').set(bearer(tokens.access_token)).expect(200)).body;
    await platform
      .http()
      .post(`/api/admin/accounts/${me.id}/ban`)
      .set(bearer(admin.access_token))
      .send({ reason: 'fraud' })
      .expect(200);
    const deletion = signRequest({ algorithm: 'HMAC-SHA256', user_id: person.id, issued_at: now() }, ours.appSecret);
    await platform
      .http()
      .post('/auth/facebook/data-deletion')
      .type('form')
      .send({ signed_request: deletion })
      .expect(200);
    await sdkLogin(person.id).expect(403);
    await pause(REVOCATION_DELAY_MS);
    await platform.http().get('/api/orders').set(bearer(tokens.access_token)).expect(401);
  });

  it('refuses stale and future-dated Facebook callbacks, which change nothing', async () => {
    const person = facebook.addUser('Still Here');
    const tokens = (await sdkLogin(person.id).expect(200)).body;
    for (const issuedAt of [now() - 86_401, now() + 3600]) {
      const replayed = signRequest(
        { algorithm: 'HMAC-SHA256', user_id: person.id, issued_at: issuedAt },
        ours.appSecret,
      );
      await platform
        .http()
        .post('/auth/facebook/deauthorize')
        .type('form')
        .send({ signed_request: replayed })
        .expect(400);
      await platform
        .http()
        .post('/auth/facebook/data-deletion')
        .type('form')
        .send({ signed_request: replayed })
        .expect(400);
    }
    const next = (await refresh(tokens.refresh_token).expect(200)).body;
    await platform.http().get('/api/orders').set(bearer(next.access_token)).expect(200);
  });

  it('takes an order whose total passes 32 bits: 30 units at the highest accepted price', async () => {
    const product = { sku: `MAX-${randomUUID().slice(0, 8)}`, name: 'Gold', priceCents: 100_000_000, stock: 30 };
    await platform.http().post('/api/products').set(bearer(admin.access_token)).send(product).expect(201);
    const buyer = await platform.login();
    const order = await platform
      .http()
      .post('/api/orders')
      .set(bearer(buyer.access_token))
      .send({ items: [{ sku: product.sku, quantity: 30 }] })
      .expect(201);
    expect(order.body.totalCents).toBe(3_000_000_000);
  });
});

describe.each(['monolith', 'split'] as Mode[])('the credential rate limit from two client addresses (%s)', (mode) => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let platform: Platform;
  let origin: string;

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ facebook, ours, platform, close } = await startFacebookPlatform(mode, { AUTH_RATE_LIMIT: '5' }));
    origin = await platform.listen();
  });
  afterAll(() => close());

  const post = (from: string, url: string, path: string, body: object, headers: Record<string, string> = {}) =>
    httpFrom(from, `${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('limits the noisy client alone, counts every credential endpoint once, and records each client’s own address', async () => {
    const subnet = `127.${randomInt(1, 255)}.${randomInt(1, 255)}`;
    const [noisy, quiet] = [`${subnet}.2`, `${subnet}.3`];
    const junk = { grant_type: 'refresh_token', refresh_token: 'x' };
    for (let i = 0; i < 3; i++) expect((await post(noisy, origin, '/auth/token', junk)).status).toBe(400);
    expect((await post(noisy, origin, '/auth/logout', { refresh_token: 'x' })).status).toBe(204);
    expect((await post(noisy, origin, '/auth/facebook/token', { access_token: 'EAA-not-a-token' })).status).toBe(401);
    const limited = await post(noisy, origin, '/auth/token', junk, { 'x-forwarded-for': '198.51.100.7' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(noisy, origin, '/auth/revoke', { token: 'x' })).status).toBe(429);

    // Everyone else keeps signing in and refreshing.
    const person = facebook.addUser('Quiet Neighbour');
    const login = await post(quiet, origin, '/auth/facebook/token', {
      access_token: facebook.issueUserToken(ours.appId, person.id),
    });
    expect(login.status).toBe(200);
    const tokens = JSON.parse(login.body) as { access_token: string; refresh_token: string };
    const refreshed = await post(quiet, origin, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    const sessions = await httpFrom(quiet, `${origin}/auth/sessions`, {
      headers: { authorization: `Bearer ${JSON.parse(refreshed.body).access_token}` },
    });
    expect(JSON.parse(sessions.body)).toEqual([expect.objectContaining({ ip: quiet })]);

    if (mode === 'split') {
      // Straight at the auth port, forged headers buy the noisy client nothing: it is known by its socket.
      const auth = platform.env.AUTH_HTTP_URL!;
      const forged = signForwardedClient('198.51.100.8', 'not-the-gateway-secret-0123456789abcdef');
      expect((await post(noisy, auth, '/auth/token', junk, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(429);
      expect((await post(noisy, auth, '/auth/token', junk, { [FORWARDED_CLIENT_HEADER]: forged })).status).toBe(429);
    }
  });
});
