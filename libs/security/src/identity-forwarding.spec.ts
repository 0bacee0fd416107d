import { describe, expect, it } from '@jest/globals';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import { sendRpc } from './send-rpc';

/** A transport that records what it would put on the wire and answers each message later, out of order. */
class RecordingClient extends ClientProxy {
  readonly sent: ReadPacket[] = [];
  async connect(): Promise<void> {}
  close(): void {}
  unwrap<T>(): T {
    return this as unknown as T;
  }
  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    this.sent.push(JSON.parse(JSON.stringify(packet)) as ReadPacket);
    setTimeout(() => callback({ response: 'ok', isDisposed: true }), 10 - this.sent.length);
    return () => undefined;
  }
  protected async dispatchEvent<T>(): Promise<T> {
    return undefined as T;
  }
}

describe('sendRpc on behalf of a caller', () => {
  it('puts the named caller in the metadata of that message only, never in its data', async () => {
    const client = new RecordingClient();
    const shared = { id: 'order-1' };
    await Promise.all([
      sendRpc(client, 'orders.get', shared, { as: { token: 'token-of-alice' } }),
      sendRpc(client, 'orders.get', shared, { as: { token: 'token-of-bob' } }),
      sendRpc(client, 'orders.get', shared),
      sendRpc(client, 'orders.list', [], { as: { token: 'token-of-carol' } }),
    ]);
    expect(client.sent).toEqual([
      { pattern: 'orders.get', data: { id: 'order-1' }, metadata: { authorization: 'Bearer token-of-alice' } },
      { pattern: 'orders.get', data: { id: 'order-1' }, metadata: { authorization: 'Bearer token-of-bob' } },
      { pattern: 'orders.get', data: { id: 'order-1' } },
      { pattern: 'orders.list', data: [], metadata: { authorization: 'Bearer token-of-carol' } },
    ]);
    // What happens after a call (a timer it started, say) does not act as its caller.
    await new Promise<void>((resolve) =>
      setTimeout(() => void sendRpc(client, 'auth.jwks', {}).then(() => resolve()), 1),
    );
    expect(client.sent.at(-1)).toEqual({ pattern: 'auth.jwks', data: {} });
  });

  it('needs no client built for it, and refuses an identity it could not carry', async () => {
    const plain = new RecordingClient();
    await sendRpc(plain, 'orders.list', {}, { as: { token: 't' } });
    expect(plain.sent).toEqual([{ pattern: 'orders.list', data: {}, metadata: { authorization: 'Bearer t' } }]);
    await expect(sendRpc(new RecordingClient(), 'orders.get', 'order-1', { as: { token: 't' } })).rejects.toThrow(
      /object or an array/,
    );
  });
});
