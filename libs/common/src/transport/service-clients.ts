import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Environment } from '../config/environment';
import { InProcessBus, InProcessClient } from './in-process-transport';

export const AUTH_SERVICE = Symbol('AUTH_SERVICE');
export const ORDERS_SERVICE = Symbol('ORDERS_SERVICE');
export const INVENTORY_SERVICE = Symbol('INVENTORY_SERVICE');

export type ServiceName = 'auth' | 'orders' | 'inventory';
const TOKENS: Record<ServiceName, symbol> = { auth: AUTH_SERVICE, orders: ORDERS_SERVICE, inventory: INVENTORY_SERVICE };

export type ClientDecorator = (client: ClientProxy) => ClientProxy;

@Injectable()
class ClientsLifecycle implements OnApplicationShutdown {
  readonly clients: ClientProxy[] = [];
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}

/**
 * RPC clients for the services: TCP in split mode (addresses from *_TCP_HOST/*_TCP_PORT),
 * in-process in the monolith. Code that injects AUTH_SERVICE etc. is the same in both modes.
 */
@Module({})
export class ServiceClientsModule {
  static forRoot(options: { mode: 'tcp' } | { mode: 'in-process'; bus: InProcessBus }, decorate: ClientDecorator = (c) => c): DynamicModule {
    const create = (env: Environment, name: ServiceName): ClientProxy => {
      if (options.mode === 'in-process') return new InProcessClient(options.bus);
      const address = {
        auth: { host: env.AUTH_TCP_HOST, port: env.AUTH_TCP_PORT },
        orders: { host: env.ORDERS_TCP_HOST, port: env.ORDERS_TCP_PORT },
        inventory: { host: env.INVENTORY_TCP_HOST, port: env.INVENTORY_TCP_PORT },
      }[name];
      return ClientProxyFactory.create({ transport: Transport.TCP, options: address });
    };
    const providers = (Object.keys(TOKENS) as ServiceName[]).map((name) => ({
      provide: TOKENS[name],
      inject: [Environment, ClientsLifecycle],
      useFactory: (env: Environment, lifecycle: ClientsLifecycle) => {
        const client = decorate(create(env, name));
        lifecycle.clients.push(client);
        return client;
      },
    }));
    return {
      module: ServiceClientsModule,
      global: true,
      providers: [ClientsLifecycle, ...providers],
      exports: Object.values(TOKENS),
    };
  }
}

export const InjectService = (name: ServiceName) => Inject(TOKENS[name]);
