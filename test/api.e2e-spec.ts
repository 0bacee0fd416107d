import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer.js';
import request from 'supertest';
import type { LoginTokens } from './support/auth-test-app';
import { type Platform, startPlatform } from './support/platform';
import { statusBy, statusWithin } from './support/status-within';
import { type RpcTestClient, rpcTestClient } from './support/rpc-client';
import { inventoryDelegationRequest } from './support/token-exchange';
import { AccessTokenService } from '../apps/auth/src';

const sku = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

describe.each(['monolith', 'split', 'nats'] as const)('the API through the gateway (%s)', (mode) => {
  let platform: Platform;
  let admin: LoginTokens;

  beforeAll(async () => {
    platform = await startPlatform(mode);
    admin = await platform.login({ roles: ['admin'], name: 'Admin' });
  });
  afterAll(() => platform.close());

  const as = (tokens: LoginTokens | undefined) => ({
    get: (path: string) =>
      tokens ? platform.http().get(path).auth(tokens.access_token, { type: 'bearer' }) : platform.http().get(path),
    post: (path: string, body: object) =>
      tokens
        ? platform.http().post(path).auth(tokens.access_token, { type: 'bearer' }).send(body)
        : platform.http().post(path).send(body),
    put: (path: string, body: object) =>
      platform.http().put(path).auth(tokens!.access_token, { type: 'bearer' }).send(body),
  });
  /** The same session's next pair, from its refresh token. */
  const refreshed = async (tokens: LoginTokens): Promise<LoginTokens> => ({
    ...tokens,
    ...(
      await platform
        .http()
        .post('/auth/token')
        .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
        .expect(200)
    ).body,
  });
  const createProduct = async (stock: number, priceCents = 250) => {
    const product = { sku: sku('P'), name: 'Widget', priceCents, stock };
    await as(admin).post('/api/products', product).expect(201);
    return product;
  };

  describe('products', () => {
    it('lists and reads products without a token', async () => {
      const product = await createProduct(7);
      const listed = (await as(undefined).get('/api/products').expect(200)).body;
      expect(listed).toEqual(expect.arrayContaining([product]));
      expect((await as(undefined).get(`/api/products/${product.sku}`).expect(200)).body).toEqual(product);
      await as(undefined)
        .get(`/api/products/${sku('missing')}`)
        .expect(404);
    });

    it('lets only an admin create products: 401 without a token, 403 for a user, 409 for a duplicate', async () => {
      const product = { sku: sku('NEW'), name: 'Gadget', priceCents: 100, stock: 1 };
      const refused = await as(undefined).post('/api/products', product).expect(401);
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
      await as(await platform.login())
        .post('/api/products', product)
        .expect(403);
      await as(admin).post('/api/products', product).expect(201);
      await as(admin).post('/api/products', product).expect(409);
    });

    it.each([
      [{ sku: 'ok', name: 'x', priceCents: -1, stock: 1 }],
      [{ sku: '../etc', name: 'x', priceCents: 1, stock: 1 }],
      [{ sku: 'ok2', name: 'x', priceCents: 1, stock: 1, extra: true }],
      [{ sku: 'ok3', name: 'x', priceCents: '1', stock: 1 }],
      [{ sku: 'ok4', priceCents: 1, stock: 1 }],
    ])('answers 400 with a readable message for %j', async (body) => {
      const response = await as(admin).post('/api/products', body).expect(400);
      expect(response.body.message).toBeDefined();
    });
  });

  describe('orders', () => {
    it('reserves stock on the user’s behalf and records the order', async () => {
      const product = await createProduct(5, 300);
      const user = await platform.login();
      const order = (
        await as(user)
          .post('/api/orders', { items: [{ sku: product.sku, quantity: 3 }] })
          .expect(201)
      ).body;
      expect(order).toMatchObject({
        id: expect.any(String),
        status: 'confirmed',
        totalCents: 900,
        items: [{ sku: product.sku, quantity: 3, unitPriceCents: 300 }],
      });
      expect((await as(undefined).get(`/api/products/${product.sku}`).expect(200)).body.stock).toBe(2);
    });

    it('lists the user’s orders newest first, each as it was recorded', async () => {
      const [mug, tea] = [await createProduct(10, 250), await createProduct(10, 400)];
      const user = await platform.login();
      const first = (
        await as(user)
          .post('/api/orders', { items: [{ sku: mug.sku, quantity: 1 }] })
          .expect(201)
      ).body;
      const second = (
        await as(user)
          .post('/api/orders', {
            items: [
              { sku: mug.sku, quantity: 2 },
              { sku: tea.sku, quantity: 1 },
            ],
          })
          .expect(201)
      ).body;
      const listed = (await as(user).get('/api/orders').expect(200)).body;
      expect(listed.map((order: { id: string }) => order.id)).toEqual([second.id, first.id]);
      expect(listed[1]).toEqual(first);
      expect({ ...listed[0], items: [...listed[0].items].sort((a, b) => a.sku.localeCompare(b.sku)) }).toEqual({
        ...second,
        items: [...second.items].sort((a: { sku: string }, b: { sku: string }) => a.sku.localeCompare(b.sku)),
      });
      expect(listed[0].totalCents).toBe(900);
    });

    it('takes orders whose total passes 2^31 cents: 30 and 1000 units at the highest accepted price', async () => {
      const product = await createProduct(2000, 100_000_000);
      const buyer = await platform.login();
      for (const quantity of [30, 1000]) {
        const order = (
          await as(buyer)
            .post('/api/orders', { items: [{ sku: product.sku, quantity }] })
            .expect(201)
        ).body;
        expect(order.totalCents).toBe(quantity * 100_000_000);
        expect((await as(buyer).get(`/api/orders/${order.id}`).expect(200)).body.totalCents).toBe(
          quantity * 100_000_000,
        );
      }
      const listed = (await as(buyer).get('/api/orders').expect(200)).body as Array<{ totalCents: number }>;
      expect(listed.map((o) => o.totalCents)).toEqual([100_000_000_000, 3_000_000_000]);
      expect((await as(undefined).get(`/api/products/${product.sku}`).expect(200)).body.stock).toBe(970);
    });

    it('is all-or-nothing: 409 and nothing reserved when any item lacks stock', async () => {
      const plenty = await createProduct(10);
      const scarce = await createProduct(1);
      const user = await platform.login();
      const refused = await as(user)
        .post('/api/orders', {
          items: [
            { sku: plenty.sku, quantity: 4 },
            { sku: scarce.sku, quantity: 2 },
          ],
        })
        .expect(409);
      expect(refused.body.message).toMatch(/not enough stock/);
      expect((await as(undefined).get(`/api/products/${plenty.sku}`).expect(200)).body.stock).toBe(10);
      expect((await as(undefined).get(`/api/products/${scarce.sku}`).expect(200)).body.stock).toBe(1);
      expect((await as(user).get('/api/orders').expect(200)).body).toEqual([]);
    });

    it('runs a read through no Nest interceptor, neither its HTTP request nor its RPC (each one costs every request: bench scenario 3)', async () => {
      const user = await platform.login();
      const original = InterceptorsConsumer.prototype.intercept;
      const seen: number[] = [];
      InterceptorsConsumer.prototype.intercept = function (this: InterceptorsConsumer, ...args) {
        seen.push(args[0].length);
        return original.apply(this, args);
      };
      try {
        await as(user).get('/api/orders').expect(200);
      } finally {
        InterceptorsConsumer.prototype.intercept = original;
      }
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.filter((count) => count > 0)).toEqual([]);
    });

    it('never oversells under concurrent orders', async () => {
      const product = await createProduct(5);
      const users = await Promise.all(Array.from({ length: 8 }, () => platform.login()));
      const results = await Promise.all(
        users.map((user) => as(user).post('/api/orders', { items: [{ sku: product.sku, quantity: 1 }] })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(5);
      expect(results.filter((r) => r.status === 409)).toHaveLength(3);
      expect((await as(undefined).get(`/api/products/${product.sku}`).expect(200)).body.stock).toBe(0);
    });

    it('lists only the caller’s orders and shows an order to its owner or an admin, 404 to others', async () => {
      const product = await createProduct(3);
      const owner = await platform.login();
      const other = await platform.login();
      const order = (
        await as(owner)
          .post('/api/orders', { items: [{ sku: product.sku, quantity: 1 }] })
          .expect(201)
      ).body;
      expect((await as(owner).get('/api/orders').expect(200)).body.map((o: { id: string }) => o.id)).toEqual([
        order.id,
      ]);
      expect((await as(other).get('/api/orders').expect(200)).body).toEqual([]);
      await as(owner).get(`/api/orders/${order.id}`).expect(200);
      await as(admin).get(`/api/orders/${order.id}`).expect(200);
      await as(other).get(`/api/orders/${order.id}`).expect(404);
      await as(owner).get('/api/orders/not-a-uuid').expect(400);
      await as(undefined).get('/api/orders').expect(401);
    });

    it.each([
      ['no items', {}],
      ['an empty list', { items: [] }],
      ['a zero quantity', { items: [{ sku: 'x', quantity: 0 }] }],
      ['items of the wrong type', { items: 'all' }],
      ['51 items', { items: Array.from({ length: 51 }, () => ({ sku: 'x', quantity: 1 })) }],
    ])('answers 400 for an order with %s', async (_, body) => {
      {
        await as(await platform.login())
          .post('/api/orders', body)
          .expect(400);
      }
    });
  });

  describe('administration', () => {
    it('bans an account: its tokens stop working at the gateway within 2 s, and login is refused until unban', async () => {
      const user = await platform.login({ userId: `ban-${randomUUID()}` });
      await as(user).get('/api/orders').expect(200);
      await as(await platform.login())
        .post(`/api/admin/accounts/${user.account_id}/ban`, { reason: 'x' })
        .expect(403);
      const banned = (
        await as(admin).post(`/api/admin/accounts/${user.account_id}/ban`, { reason: 'abuse' }).expect(200)
      ).body;
      expect(banned).toMatchObject({ id: user.account_id, banned: true });
      expect(await statusWithin(2000, 401, async () => (await as(user).get('/api/orders')).status)).toBe(401);
      expect((await as(admin).get(`/api/admin/accounts/${user.account_id}`).expect(200)).body.banned).toBe(true);
      await as(admin).post(`/api/admin/accounts/${user.account_id}/unban`, {}).expect(200);
    });

    it('a role change reaches every service within 2 s: the demoted admin’s token is refused, a refresh carries the new roles', async () => {
      const deputy = await platform.login();
      const granted = (
        await as(admin)
          .put(`/api/admin/accounts/${deputy.account_id}/roles`, { roles: ['admin'] })
          .expect(200)
      ).body;
      expect(granted.roles).toEqual(['admin', 'user']);
      const promoted = await refreshed(deputy);
      await as(promoted).get(`/api/admin/accounts/${admin.account_id}`).expect(200);

      await as(admin).put(`/api/admin/accounts/${deputy.account_id}/roles`, { roles: [] }).expect(200);
      // Each service learns of it on its own feed: each must refuse the old token within 2 s of the change.
      const deadline = Date.now() + 2000;
      const refusedInTime = (probe: () => Promise<number>) => statusBy(deadline, 401, probe);
      expect(
        await refusedInTime(async () => (await as(promoted).get(`/api/admin/accounts/${admin.account_id}`)).status),
      ).toBe(401);
      // The old token can no longer re-promote its holder, nor reach any service.
      expect(
        await refusedInTime(
          async () =>
            (await as(promoted).put(`/api/admin/accounts/${deputy.account_id}/roles`, { roles: ['admin'] })).status,
        ),
      ).toBe(401);
      expect(await refusedInTime(async () => (await as(promoted).get('/api/orders')).status)).toBe(401);
      // The session lives on: a refresh gives a token with the new roles, which works at once.
      const demoted = await refreshed(promoted);
      await as(demoted).get('/api/orders').expect(200);
      await as(demoted).get(`/api/admin/accounts/${admin.account_id}`).expect(403);
      await as(demoted)
        .put(`/api/admin/accounts/${deputy.account_id}/roles`, { roles: ['admin'] })
        .expect(403);
      expect((await as(admin).get(`/api/admin/accounts/${deputy.account_id}`).expect(200)).body.roles).toEqual([
        'user',
      ]);
    });

    it('answers 409 and changes nothing when asked to remove a role a provider grants at every login', async () => {
      const configuredAdmin = await platform.login({ roles: ['admin'] });
      const refused = await as(admin)
        .put(`/api/admin/accounts/${configuredAdmin.account_id}/roles`, { roles: [] })
        .expect(409);
      expect(refused.body.message).toMatch(/role admin is granted by the test login/);
      expect((await as(admin).get(`/api/admin/accounts/${configuredAdmin.account_id}`).expect(200)).body.roles).toEqual(
        ['admin', 'user'],
      );
      // Nothing was revoked either.
      await as(configuredAdmin).get(`/api/admin/accounts/${admin.account_id}`).expect(200);
    });

    it('replaces roles and validates the account id', async () => {
      const user = await platform.login();
      const updated = (
        await as(admin)
          .put(`/api/admin/accounts/${user.account_id}/roles`, { roles: ['support'] })
          .expect(200)
      ).body;
      expect(updated.roles).toEqual(['support', 'user']);
      // The one rule for role lists, at the gateway as at auth: the service role is for service tokens only.
      expect(
        (
          await as(admin)
            .put(`/api/admin/accounts/${user.account_id}/roles`, { roles: ['service'] })
            .expect(400)
        ).body.message,
      ).toEqual(['the service role cannot be granted to an account']);
      await as(admin).get('/api/admin/accounts/not-a-uuid').expect(400);
      await as(admin).get(`/api/admin/accounts/${randomUUID()}`).expect(404);
    });
  });

  describe('one origin', () => {
    it('serves /auth/* and /.well-known/* from the same origin as /api/*', async () => {
      const user = await platform.login();
      const jwks = (await platform.http().get('/.well-known/jwks.json').expect(200)).body;
      expect(jwks.keys.length).toBeGreaterThan(0);
      const me = (await platform.http().get('/auth/me').auth(user.access_token, { type: 'bearer' }).expect(200)).body;
      expect(me.id).toBe(user.account_id);
      const refreshed = await platform
        .http()
        .post('/auth/token')
        .send({ grant_type: 'refresh_token', refresh_token: user.refresh_token })
        .expect(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');
      await platform
        .http()
        .post('/auth/token')
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: 'nope' })
        .expect(400);
      await platform.http().post('/auth/logout').send({ refresh_token: refreshed.body.refresh_token }).expect(204);
      // Outside production the emulator's dialog is reachable on the same origin too.
      const started = await platform
        .http()
        .get('/auth/facebook')
        .query({
          redirect_uri: platform.env.ALLOWED_REDIRECT_URIS![0],
          code_challenge: 'A'.repeat(43),
          code_challenge_method: 'S256',
        })
        .expect(302);
      const dialog = new URL(started.headers.location);
      expect((await platform.http().get(`${dialog.pathname}${dialog.search}`).expect(200)).text).toContain(
        'Facebook emulator',
      );
    });
  });

  describe('edges', () => {
    it('answers 413 for an oversized body and 400 for malformed JSON', async () => {
      const user = await platform.login();
      await platform
        .http()
        .post('/api/orders')
        .auth(user.access_token, { type: 'bearer' })
        .set('content-type', 'application/json')
        .send('{"items": [')
        .expect(400);
      const huge = JSON.stringify({ items: [{ sku: 'x'.repeat(100_000), quantity: 1 }] });
      await platform
        .http()
        .post('/api/orders')
        .auth(user.access_token, { type: 'bearer' })
        .set('content-type', 'application/json')
        .send(huge)
        .expect(413);
    });

    it('sets security headers and allows CORS only for the SPA origins', async () => {
      const allowed = new URL(platform.env.ALLOWED_REDIRECT_URIS![0]).origin;
      const ok = await platform.http().get('/api/products').set('Origin', allowed).expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe(allowed);
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      const other = await platform.http().get('/api/products').set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('each service verifies tokens itself (split mode, straight to its TCP port)', () => {
  let platform: Platform;
  let orders: RpcTestClient;
  let inventory: RpcTestClient;

  beforeAll(async () => {
    platform = await startPlatform('split');
    orders = rpcTestClient(platform.ports!.orders);
    inventory = rpcTestClient(platform.ports!.inventory);
  });
  afterAll(async () => {
    await orders.close();
    await inventory.close();
    await platform.close();
  });

  const issue = (request: Parameters<AccessTokenService['issue']>[0]) =>
    platform.authApp.get(AccessTokenService).issue(request);

  it('refuses no token, a forged token, a wrong audience and an expired token', async () => {
    const user = await platform.login();
    await expect(orders.call('orders.list', {})).rejects.toMatchObject({ status: 401 });
    const [h, p] = user.access_token.split('.');
    await expect(orders.call('orders.list', {}, `${h}.${p}.${'A'.repeat(342)}`)).rejects.toMatchObject({ status: 401 });
    const forInventoryOnly = (
      await issue({
        subject: user.account_id,
        sessionId: user.session_id,
        roles: ['user'],
        scopes: [],
        audience: ['inventory'],
      })
    ).token;
    await expect(orders.call('orders.list', {}, forInventoryOnly)).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/not meant/),
    });
    platform.clock.advance(-3600);
    const expired = (await issue({ subject: user.account_id, sessionId: user.session_id, roles: ['user'], scopes: [] }))
      .token;
    platform.clock.advance(3600);
    await expect(orders.call('orders.list', {}, expired)).rejects.toMatchObject({
      status: 401,
      message: 'token expired',
    });
    await expect(orders.call('orders.list', {}, user.access_token)).resolves.toEqual([]);
    const product = { sku: sku('T'), name: 'x', priceCents: 1, stock: 1 };
    await expect(inventory.call('inventory.create', product)).rejects.toMatchObject({ status: 401 });
    await expect(inventory.call('inventory.create', product, `${h}.${p}.${'A'.repeat(342)}`)).rejects.toMatchObject({
      status: 401,
    });
    await expect(inventory.call('inventory.create', product, expired)).rejects.toMatchObject({ status: 401 });
    await expect(inventory.call('inventory.create', product, user.access_token)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a plain user token (even an admin’s) at inventory.reserve', async () => {
    const admin = await platform.login({ roles: ['admin'] });
    const reserve = { reservationId: randomUUID(), items: [{ sku: 'any', quantity: 1 }] };
    await expect(inventory.call('inventory.reserve', reserve, admin.access_token)).rejects.toMatchObject({
      status: 403,
    });
    const notDelegated = (
      await issue({
        subject: admin.account_id,
        sessionId: admin.session_id,
        roles: [],
        scopes: ['inventory:reserve'],
        audience: ['inventory'],
      })
    ).token;
    await expect(inventory.call('inventory.reserve', reserve, notDelegated)).rejects.toMatchObject({ status: 403 });
    const wrongActor = (
      await issue({
        subject: admin.account_id,
        sessionId: admin.session_id,
        roles: [],
        scopes: ['inventory:reserve'],
        audience: ['inventory'],
        actor: { sub: 'gateway' },
      })
    ).token;
    await expect(inventory.call('inventory.reserve', reserve, wrongActor)).rejects.toMatchObject({ status: 403 });
  });

  it('stops accepting a logged-out session’s token at every service within 2 s', async () => {
    const user = await platform.login();
    await orders.call('orders.list', {}, user.access_token);
    await request(platform.authApp.getHttpServer())
      .post('/auth/logout')
      .send({ refresh_token: user.refresh_token })
      .expect(204);
    const started = Date.now();
    const refusedEverywhere = async () => {
      const outcomes = await Promise.all([
        orders.call('orders.list', {}, user.access_token).then(
          () => 200,
          (e: { status: number }) => e.status,
        ),
        platform
          .http()
          .get('/api/orders')
          .auth(user.access_token, { type: 'bearer' })
          .then((r) => r.status),
      ]);
      return outcomes.every((status) => status === 401);
    };
    while (!(await refusedEverywhere()) && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 50));
    expect(await refusedEverywhere()).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reserves once per reservation id, and releases idempotently (with a token exchanged by orders)', async () => {
    const admin = await platform.login({ roles: ['admin'] });
    const product = { sku: sku('R'), name: 'Reserved', priceCents: 120, stock: 4 };
    await platform.http().post('/api/products').auth(admin.access_token, { type: 'bearer' }).send(product).expect(201);
    const user = await platform.login();
    const auth = rpcTestClient(platform.ports!.auth);
    try {
      const { access_token: delegated } = await auth.call<{ access_token: string }>(
        'auth.token',
        inventoryDelegationRequest(user.access_token),
      );
      const reservation = { reservationId: randomUUID(), items: [{ sku: product.sku, quantity: 3 }] };
      const first = await inventory.call('inventory.reserve', reservation, delegated);
      expect(await inventory.call('inventory.reserve', reservation, delegated)).toEqual(first);
      const stock = async () => (await inventory.call<{ stock: number }>('inventory.get', { sku: product.sku })).stock;
      expect(await stock()).toBe(1);
      expect(
        await inventory.call('inventory.release', { reservationId: reservation.reservationId }, delegated),
      ).toEqual({ released: true });
      expect(
        await inventory.call('inventory.release', { reservationId: reservation.reservationId }, delegated),
      ).toEqual({ released: false });
      expect(await stock()).toBe(4);
    } finally {
      await auth.close();
    }
  });

  it('keeps verifying tokens with the keys it has while auth is down (last: stops auth)', async () => {
    const user = await platform.login();
    await orders.call('orders.list', {}, user.access_token);
    await platform.stopAuth!();
    await expect(orders.call('orders.list', {}, user.access_token)).resolves.toEqual([]);
    await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200);
    // Public reads are unaffected.
    expect((await platform.http().get('/api/products').expect(200)).body).toBeInstanceOf(Array);
  });
});
