import { type DynamicModule, Inject, Injectable, type INestApplication, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Environment } from '../config/environment';
import { InProcessBus, InProcessClient, InProcessServer } from './in-process-transport';

export const AUTH_SERVICE = Symbol('AUTH_SERVICE');
export const ORDERS_SERVICE = Symbol('ORDERS_SERVICE');
export const INVENTORY_SERVICE = Symbol('INVENTORY_SERVICE');

export type ServiceName = 'auth' | 'orders' | 'inventory';
const TOKENS: Record<ServiceName, symbol> = { auth: AUTH_SERVICE, orders: ORDERS_SERVICE, inventory: INVENTORY_SERVICE };

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
  static forRoot(mode: 'tcp' | 'in-process'): DynamicModule {
    const create = (env: Environment, bus: InProcessBus, name: ServiceName): ClientProxy => {
      if (mode === 'in-process') return new InProcessClient(bus);
      const address = {
        auth: { host: env.AUTH_TCP_HOST, port: env.AUTH_TCP_PORT },
        orders: { host: env.ORDERS_TCP_HOST, port: env.ORDERS_TCP_PORT },
        inventory: { host: env.INVENTORY_TCP_HOST, port: env.INVENTORY_TCP_PORT },
      }[name];
      return ClientProxyFactory.create({ transport: Transport.TCP, options: address });
    };
    const providers = (Object.keys(TOKENS) as ServiceName[]).map((name) => ({
      provide: TOKENS[name],
      inject: [Environment, ClientsLifecycle, InProcessBus],
      useFactory: (env: Environment, lifecycle: ClientsLifecycle, bus: InProcessBus) => {
        const client = create(env, bus, name);
        lifecycle.clients.push(client);
        return client;
      },
    }));
    return {
      module: ServiceClientsModule,
      global: true,
      providers: [ClientsLifecycle, InProcessBus, ...providers],
      exports: [...Object.values(TOKENS), InProcessBus],
    };
  }
}

export const InjectService = (name: ServiceName) => Inject(TOKENS[name]);

/** Serves this app's message handlers to its in-process clients (the monolith). Call before init. */
export function connectInProcessServer(app: INestApplication): void {
  app.connectMicroservice({ strategy: new InProcessServer(app.get(InProcessBus)) }, { inheritAppConfig: true });
}
