import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { serviceClientToken } from '@app/common';
import { sendRpc } from '@app/security';
import { INVENTORY_PATTERNS } from '@app/contracts';
import { AbandonedOrderSweeper, DelegatedTokenService } from '../apps/orders/src';
import { type Platform, startPlatform } from './support/platform';

const sku = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

// What an orders process leaves when it dies between reserving stock and recording the order: a
// pending row and a reservation. Built here with the same calls orders makes, as the dead process
// left them; the sweeper of the living platform must give the stock back and nothing else.
describe.each(['monolith', 'split'] as const)('an order whose process died mid-way (%s)', (mode) => {
  let platform: Platform;
  let db: DataSource;

  beforeAll(async () => {
    platform = await startPlatform(mode);
    db = platform.ordersApp.get<DataSource>(getDataSourceToken());
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
  });

  /** The state a process killed after inventory reserved `quantity` of `product` leaves, `ageSeconds` ago. */
  const leftBehind = async (userToken: string, product: string, quantity: number, ageSeconds: number) => {
    const id = randomUUID();
    const delegated = await platform.ordersApp.get(DelegatedTokenService).forInventory(userToken);
    const inventory = platform.ordersApp.get<ClientProxy>(serviceClientToken('inventory'));
    const [{ sub }] = [JSON.parse(Buffer.from(userToken.split('.')[1], 'base64url').toString()) as { sub: string }];
    await db.query(
      `INSERT INTO orders.orders (id, account_id, status, total_cents, created_at)
       VALUES ($1, $2, 'pending', 0, now() - make_interval(secs => $3))`,
      [id, sub, ageSeconds],
    );
    await sendRpc(
      inventory,
      INVENTORY_PATTERNS.reserve,
      { reservationId: id, items: [{ sku: product, quantity }] },
      { as: { token: delegated } },
    );
    return id;
  };
  const stockOf = async (product: string) =>
    (await platform.http().get(`/api/products/${product}`).expect(200)).body.stock as number;

  it('gives back the stock of a pending order older than PENDING_ORDER_TIMEOUT_SECONDS, and leaves recorded and recent ones alone', async () => {
    const admin = await platform.login({ roles: ['admin'] });
    const product = sku('SWEEP');
    await platform
      .http()
      .post('/api/products')
      .auth(admin.access_token, { type: 'bearer' })
      .send({ sku: product, name: 'Swept', priceCents: 250, stock: 10 })
      .expect(201);
    const user = await platform.login();
    const placed = await platform
      .http()
      .post('/api/orders')
      .auth(user.access_token, { type: 'bearer' })
      .send({ items: [{ sku: product, quantity: 1 }] })
      .expect(201);
    const abandoned = await leftBehind(user.access_token, product, 3, 120);
    const inFlight = await leftBehind(user.access_token, product, 2, 1);
    expect(await stockOf(product)).toBe(4);
    // Neither is an order the user placed: neither is listed nor found.
    const listed = await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200);
    expect(listed.body.map((order: { id: string }) => order.id)).toEqual([placed.body.id]);
    await platform.http().get(`/api/orders/${abandoned}`).auth(user.access_token, { type: 'bearer' }).expect(404);

    expect(await platform.ordersApp.get(AbandonedOrderSweeper).sweepOnce()).toBe(1);

    expect(await stockOf(product)).toBe(7);
    const rows: Array<{ id: string; status: string }> = await db.query(
      'SELECT id, status FROM orders.orders WHERE id = ANY($1) ORDER BY status',
      [[placed.body.id, abandoned, inFlight]],
    );
    expect(rows).toEqual([
      { id: placed.body.id, status: 'confirmed' },
      { id: inFlight, status: 'pending' },
    ]);
    // A second sweep finds nothing more, and the recorded order is whole.
    expect(await platform.ordersApp.get(AbandonedOrderSweeper).sweepOnce()).toBe(0);
    expect(await stockOf(product)).toBe(7);
    const order = await platform
      .http()
      .get(`/api/orders/${placed.body.id}`)
      .auth(user.access_token, { type: 'bearer' })
      .expect(200);
    expect(order.body).toMatchObject({ status: 'confirmed', items: [{ sku: product, quantity: 1 }] });
  });

  it("lets only orders' own service token release an abandoned reservation at inventory", async () => {
    const user = await platform.login();
    const inventory = platform.ordersApp.get<ClientProxy>(serviceClientToken('inventory'));
    const delegated = await platform.ordersApp.get(DelegatedTokenService).forInventory(user.access_token);
    const release = (token: string) =>
      sendRpc(inventory, INVENTORY_PATTERNS.releaseAbandoned, { reservationId: randomUUID() }, { as: { token } }).then(
        () => 200,
        (error: { getError: () => { status: number } }) => error.getError().status,
      );
    expect(await release(user.access_token)).toBe(403);
    expect(await release(delegated)).toBe(403);
    const own = await platform.ordersApp.get(DelegatedTokenService).ownForInventory();
    expect(await release(own)).toBe(200);
  });

  it('removes the pending row of an order inventory refused, so nothing is left to sweep', async () => {
    const user = await platform.login();
    const before = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE status = 'pending'`);
    await platform
      .http()
      .post('/api/orders')
      .auth(user.access_token, { type: 'bearer' })
      .send({ items: [{ sku: sku('NOPE'), quantity: 1 }] })
      .expect(404);
    const after = await db.query(`SELECT count(*)::int AS n FROM orders.orders WHERE status = 'pending'`);
    expect(after[0].n).toBe(before[0].n);
  });
});
