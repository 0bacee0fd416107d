import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules, ServiceClientsModule } from '@app/common';
import { remoteSecurity } from '@app/security';
import { GatewayModule } from './gateway.module';
import { servicesCalled } from '@app/contracts';

/** The gateway as its own process (split mode): it owns no tables and reaches everything over TCP. */
@Module({})
export class GatewayAppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        ...platformModules('gateway', env, []),
        ServiceClientsModule.register('tcp', servicesCalled('auth', 'orders', 'inventory')),
        remoteSecurity('gateway'),
        GatewayModule,
      ],
    };
  }
}
