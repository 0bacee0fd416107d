import {
  type DynamicModule,
  Inject,
  Injectable,
  type INestApplication,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Environment } from '../config/environment';
import type { ServiceAddress } from './service-declaration';
import { InProcessBus, InProcessClient, InProcessServer } from './in-process-transport';
import { natsClientOptions } from './nats-transport';
import { RpcHandlerObserver } from './rpc-handler-observer';

/** The services an app calls, each with how to find its address in the configuration. */
export type ServiceAddresses = Record<string, (env: Environment) => ServiceAddress>;

/** The injection token of the client for `service`. */
export const serviceClientToken = (service: string): string => `service-client:${service}`;

@Injectable()
class ClientsLifecycle implements OnApplicationShutdown {
  readonly clients: ClientProxy[] = [];
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
  }
}

/**
 * The RPC clients of the services an app calls, registered by that app (as Nest's
 * `ClientsModule.register` does): in split mode TCP to the addresses it gives, or NATS
 * (`TRANSPORT=nats`) to whichever instance of the service takes the message; in-process in the
 * monolith. Code that injects `InjectService('orders')` is the same in both modes.
 */
@Module({})
export class ServiceClientsModule {
  static register(mode: 'tcp' | 'in-process', services: ServiceAddresses): DynamicModule {
    const providers = Object.entries(services).map(([service, addressOf]) => ({
      provide: serviceClientToken(service),
      inject: [Environment, ClientsLifecycle, InProcessBus],
      useFactory: (env: Environment, lifecycle: ClientsLifecycle, bus: InProcessBus) => {
        const client =
          mode === 'in-process'
            ? new InProcessClient(bus)
            : env.TRANSPORT === 'nats'
              ? ClientProxyFactory.create(natsClientOptions(env, service))
              : ClientProxyFactory.create({ transport: Transport.TCP, options: addressOf(env) });
        lifecycle.clients.push(client);
        return client;
      },
    }));
    return {
      module: ServiceClientsModule,
      global: true,
      providers: [ClientsLifecycle, InProcessBus, ...providers],
      exports: [...providers.map((provider) => provider.provide), InProcessBus],
    };
  }
}

export const InjectService = (service: string) => Inject(serviceClientToken(service));

/** Serves this app's message handlers to its in-process clients (the monolith). Call before init. */
export function connectInProcessServer(app: INestApplication): void {
  app.connectMicroservice(
    { strategy: new InProcessServer(app.get(InProcessBus), RpcHandlerObserver.of(app)) },
    { inheritAppConfig: true },
  );
}
