import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { type Platform, startSplit } from '../support/platform';
import { type RpcTestClient, rpcTestClients, type ServiceName } from '../support/rpc-client';
import { inventoryDelegationRequest } from '../support/token-exchange';
import { fieldMutations } from './hostile-values';

type Caller = 'anyone' | 'user' | 'admin' | 'delegated';

// The same hostile input as input-fuzz, straight at each service's TCP port with a genuine token:
// validation answers status 400 (never 500) and the service keeps serving.
describe('hostile input at every RPC pattern (split mode, TCP)', () => {
  let platform: Platform;
  let clients: Record<ServiceName, RpcTestClient>;
  let tokens: Record<Exclude<Caller, 'anyone'>, string>;
  const accountId = randomUUID();

  const patterns: Array<[ServiceName, string, Caller, Record<string, unknown>]> = [
    ['orders', 'orders.get', 'user', { id: randomUUID() }],
    ['orders', 'orders.create', 'user', { items: [{ sku: 'RPC-FUZZ', quantity: 1 }] }],
    ['inventory', 'inventory.get', 'anyone', { sku: 'RPC-FUZZ' }],
    ['inventory', 'inventory.create', 'admin', { sku: 'RPC-FUZZ', name: 'Fuzz', priceCents: 1, stock: 1 }],
    [
      'inventory',
      'inventory.reserve',
      'delegated',
      { reservationId: randomUUID(), items: [{ sku: 'RPC-FUZZ', quantity: 1 }] },
    ],
    ['inventory', 'inventory.release', 'delegated', { reservationId: randomUUID() }],
    ['auth', 'auth.revocations', 'anyone', { after: '0' }],
    ['auth', 'auth.accounts.get', 'admin', { accountId }],
    ['auth', 'auth.accounts.ban', 'admin', { accountId, reason: 'fuzz' }],
    ['auth', 'auth.accounts.roles', 'admin', { accountId, roles: ['user'] }],
    ['auth', 'auth.token', 'anyone', { grant_type: 'client_credentials', client_id: 'orders', client_secret: 'wrong' }],
  ];

  beforeAll(async () => {
    platform = await startSplit();
    clients = rpcTestClients(platform.ports!);
    const user = await platform.login();
    const admin = await platform.login({ roles: ['admin'] });
    const delegated = await platform
      .http()
      .post('/auth/token')
      .type('form')
      .send(inventoryDelegationRequest(user.access_token))
      .expect(200);
    tokens = { user: user.access_token, admin: admin.access_token, delegated: delegated.body.access_token };
  });
  afterAll(async () => {
    await Promise.all(Object.values(clients).map((client) => client.close()));
    await platform.close();
  });

  it.each(patterns)(
    '%s %s: every hostile field value is a 4xx, never a 5xx',
    async (service, pattern, caller, sample) => {
      const token = caller === 'anyone' ? undefined : tokens[caller];
      const failures: string[] = [];
      const attempt = async (label: string, data: unknown) => {
        const status = await clients[service].call(pattern, data, token).then(
          () => 200,
          (error: { status?: number }) => error.status ?? 0,
        );
        if (status === 0 || status >= 500) failures.push(`${label}: ${status}`);
      };
      for (const { label, data } of fieldMutations(sample)) await attempt(label, data);
      for (const [label, data] of [
        // (null data is refused by Nest's client before sending; tcp-framing sends it raw)
        ['an array', [1, 2]],
        ['a string', 'text'],
        ['extra fields', { ...sample, isAdmin: true }],
        ['__proto__', JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(sample).slice(1)}`)],
      ] as Array<[string, unknown]>) {
        await attempt(label, data);
      }
      expect(failures).toEqual([]);
      await expect(clients.inventory.call('inventory.list', {})).resolves.toEqual(expect.any(Array));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
