import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { LoginTokens } from '../support/auth-test-app';
import { type Platform, startSplit } from '../support/platform';
import { type RpcTestClient, rpcTestClient } from '../support/rpc-client';

describe('split mode with the auth app down', () => {
  let platform: Platform;
  let user: LoginTokens;
  let orders: RpcTestClient;
  let inventory: RpcTestClient;
  const sku = `AUTHDOWN-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    platform = await startSplit();
    orders = rpcTestClient(platform.ports!.orders);
    inventory = rpcTestClient(platform.ports!.inventory);
    user = await platform.login();
    const admin = await platform.login({ roles: ['admin'] });
    await platform
      .http()
      .post('/api/products')
      .auth(admin.access_token, { type: 'bearer' })
      .send({ sku, name: 'Outage', priceCents: 1, stock: 5 })
      .expect(201);
    await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200);
    await platform.stopAuth!();
  });
  afterAll(async () => {
    await orders.close();
    await inventory.close();
    await platform.close();
  });

  it('the gateway and every service keep verifying tokens with the keys they hold', async () => {
    await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200);
    await expect(orders.call('orders.list', {}, user.access_token)).resolves.toEqual(expect.any(Array));
    // and still refuse what is not genuine
    const forged = `${user.access_token.slice(0, -4)}AAAA`;
    await platform.http().get('/api/orders').auth(forged, { type: 'bearer' }).expect(401);
    await expect(
      inventory.call('inventory.create', { sku: 'X', name: 'x', priceCents: 1, stock: 1 }, forged),
    ).rejects.toMatchObject({ status: 401 });
  });

  it.each([
    [
      'starting a Facebook login',
      () =>
        platform
          .http()
          .get('/auth/facebook')
          .query({
            redirect_uri: 'http://localhost:3000/',
            code_challenge: 'x'.repeat(43),
            code_challenge_method: 'S256',
          }),
    ],
    ['the SDK login', () => platform.http().post('/auth/facebook/token').send({ access_token: 'EAAtoken' })],
    [
      'a refresh',
      () =>
        platform.http().post('/auth/token').send({ grant_type: 'refresh_token', refresh_token: user.refresh_token }),
    ],
    ['the JWKS', () => platform.http().get('/.well-known/jwks.json')],
  ])('%s answers 503 quickly', async (_, send) => {
    const started = Date.now();
    const response = await send();
    expect(response.status).toBe(503);
    expect(response.body.message).toMatch(/unreachable|unavailable/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('placing an order, which needs a token exchange from auth, answers 503 and reserves nothing', async () => {
    const response = await platform
      .http()
      .post('/api/orders')
      .auth(user.access_token, { type: 'bearer' })
      .send({ items: [{ sku, quantity: 1 }] });
    expect(response.status).toBe(503);
    expect((await platform.http().get(`/api/products/${sku}`).expect(200)).body.stock).toBe(5);
    await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200, []);
  });
});
