import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';
import { forwardCallerIdentity, runAs } from '@app/security';

export interface RpcTestClient {
  client: ClientProxy;
  /** Sends `pattern` with `token` (if any) in the packet metadata, as a service would. */
  call: <T = unknown>(pattern: string, data: unknown, token?: string) => Promise<T>;
  close: () => Promise<void>;
}

/** A real Nest TCP client, forwarding identity the way the services' own clients do. */
export function rpcTestClient(port: number): RpcTestClient {
  const client = forwardCallerIdentity(ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } }));
  return {
    client,
    call: (pattern, data, token) =>
      runAs(token ? { token, claims: undefined as never } : undefined, () => lastValueFrom(client.send(pattern, data).pipe(timeout(5000)))),
    close: async () => client.close(),
  };
}

export type ServiceName = 'auth' | 'orders' | 'inventory';

/** A client for each split-mode service port. */
export function rpcTestClients(ports: Record<ServiceName, number>): Record<ServiceName, RpcTestClient> {
  return { auth: rpcTestClient(ports.auth), orders: rpcTestClient(ports.orders), inventory: rpcTestClient(ports.inventory) };
}
