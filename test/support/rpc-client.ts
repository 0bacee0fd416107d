import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';

export interface RpcTestClient {
  client: ClientProxy;
  /** Sends `pattern` with `token` (if any) in the packet metadata, as a service would. */
  call: <T = unknown>(pattern: string, data: unknown, token?: string) => Promise<T>;
  close: () => Promise<void>;
}

/**
 * Real Nest TCP clients putting a token in the packet metadata as the services' clients do: one
 * connection per token, so that any data, even hostile non-objects, can be sent with any token.
 */
export function rpcTestClient(port: number): RpcTestClient {
  const connect = () => ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  const anonymous = connect();
  const byToken = new Map<string, ClientProxy>();
  const clientFor = (token: string | undefined) => {
    if (!token) return anonymous;
    let client = byToken.get(token);
    if (!client) {
      client = connect();
      client.setOnDispatchHook((packet) => (packet.metadata = { authorization: `Bearer ${token}` }));
      byToken.set(token, client);
    }
    return client;
  };
  return {
    client: anonymous,
    call: (pattern, data, token) => lastValueFrom(clientFor(token).send(pattern, data).pipe(timeout(5000))),
    close: async () => void (await Promise.all([anonymous, ...byToken.values()].map((client) => client.close()))),
  };
}

export type ServiceName = 'auth' | 'orders' | 'inventory';

/** A client for each split-mode service port. */
export function rpcTestClients(ports: Record<ServiceName, number>): Record<ServiceName, RpcTestClient> {
  return {
    auth: rpcTestClient(ports.auth),
    orders: rpcTestClient(ports.orders),
    inventory: rpcTestClient(ports.inventory),
  };
}
