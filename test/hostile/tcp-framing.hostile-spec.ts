import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { type Platform, startSplit } from '../support/platform';
import { type RpcTestClient, rpcTestClients, type ServiceName } from '../support/rpc-client';

const FRAME_TIMEOUT_MS = 2000;
const MAX_FRAME_LENGTH = 4096;

interface Probe {
  /** Milliseconds from connecting until the service closed the connection, or null if it stayed open. */
  closedAfterMs: number | null;
  received: string;
}

/** Sends raw bytes to a service's TCP port, `gapMs` apart, and watches whether the service hangs up. */
function probe(port: number, chunks: Array<string | Buffer>, { gapMs = 0, waitMs = 1500 } = {}): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    let closedAfterMs: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (data) => (received += data.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      clearTimeout(timer);
      resolve({ closedAfterMs, received });
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      timer = setTimeout(() => {
        socket.destroy();
        resolve({ closedAfterMs, received });
      }, waitMs);
    });
  });
}

const frame = (json: string) => `${json.length}#${json}`;

describe('TCP framing attacks on every service port', () => {
  let platform: Platform;
  let clients: Record<ServiceName, RpcTestClient>;

  beforeAll(async () => {
    platform = await startSplit({
      TCP_FRAME_TIMEOUT_MS: String(FRAME_TIMEOUT_MS),
      TCP_MAX_FRAME_LENGTH: String(MAX_FRAME_LENGTH),
    });
    clients = rpcTestClients(platform.ports!);
  });
  afterAll(async () => {
    await Promise.all(Object.values(clients).map((client) => client.close()));
    await platform.close();
  });

  const services = ['auth', 'orders', 'inventory'] as const;
  const port = (service: (typeof services)[number]) => platform.ports![service];
  /** A public call each service answers, to prove it still serves others. */
  const stillServes = async () => {
    await expect(clients.inventory.call('inventory.list', {})).resolves.toEqual(expect.any(Array));
    await expect(clients.auth.call('auth.jwks', {})).resolves.toHaveProperty('keys');
    await expect(clients.orders.call('orders.list', {})).rejects.toMatchObject({ status: 401 });
  };

  describe.each(services)('%s', (service) => {
    it.each([
      ['an HTTP request', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['binary noise', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x23, 0x00])],
      ['a length prefix that is not a number', 'abc#{}'],
      ['a negative length prefix', '-5#{"a":1}'],
      ['a length prefix larger than any allowed frame', `${MAX_FRAME_LENGTH + 1}#`],
      ['an absurd length prefix', '99999999999999999999999#'],
      ['a frame that is not JSON', frame('{{{{not json')],
    ])('closes the connection at once on %s, and keeps serving', async (_, payload) => {
      const outcome = await probe(port(service), [payload]);
      expect(outcome.closedAfterMs).not.toBeNull();
      expect(outcome.closedAfterMs!).toBeLessThan(FRAME_TIMEOUT_MS);
      await stillServes();
    });

    it('closes the connection of a slow sender that never completes its frame, even while it trickles bytes', async () => {
      const declared = frame(JSON.stringify({ pattern: 'inventory.list', data: {}, id: 'slow' }));
      const trickle = declared.slice(0, 40).split('');
      const [outcome] = await Promise.all([
        probe(port(service), trickle, { gapMs: 150, waitMs: 1000 }),
        // served meanwhile
        new Promise((r) => setTimeout(r, 500)).then(stillServes),
      ]);
      expect(outcome.closedAfterMs).not.toBeNull();
      expect(outcome.closedAfterMs!).toBeGreaterThanOrEqual(FRAME_TIMEOUT_MS - 100);
      expect(outcome.closedAfterMs!).toBeLessThan(FRAME_TIMEOUT_MS + 1000);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a packet with no pattern', '{"id":"1","data":{}}'],
      ['an unknown pattern', '{"id":"2","pattern":"nope","data":{}}'],
      ['null data for a real pattern', '{"id":"5","pattern":"inventory.get","data":null}'],
      [
        'prototype-pollution keys',
        '{"id":"3","pattern":"inventory.list","data":{"__proto__":{"admin":true}},"metadata":{"constructor":{"prototype":{"x":1}}}}',
      ],
      ['an object as pattern', '{"id":"4","pattern":{"cmd":{"toString":1}},"data":{}}'],
    ])('survives well-formed JSON that is not a proper packet (%s)', async (_, json) => {
      await probe(port(service), [frame(json)], { waitMs: 300 });
      await stillServes();
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('refuses a payload nested hundreds deep with 400, not a crash', async () => {
      const deep = JSON.parse(`${'{"a":'.repeat(600)}1${'}'.repeat(600)}`);
      const pattern = { auth: 'auth.accounts.get', orders: 'orders.get', inventory: 'inventory.get' }[service];
      await expect(clients[service].call(pattern, deep)).rejects.toMatchObject({ status: expect.any(Number) });
      const status = await clients[service].call(pattern, deep).catch((error: { status: number }) => error.status);
      // the public inventory.get validates first; the others refuse the missing token first
      expect(status).toBe(service === 'inventory' ? 400 : 401);
      await stillServes();
    });

    it('answers every frame a pipelining peer sends in one write', async () => {
      const frames = Array.from({ length: 50 }, (_, i) =>
        frame(JSON.stringify({ id: `p${i}`, pattern: 'auth.jwks', data: {} })),
      ).join('');
      const outcome = await probe(port(service), [frames], { waitMs: 1000 });
      // Only auth has auth.jwks; the others answer "no handler" for each id: still one reply per frame.
      expect(outcome.received.match(/"id":"p\d+"/g)?.length).toBe(50);
    });
  });
});
