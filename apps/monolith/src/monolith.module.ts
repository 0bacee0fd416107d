import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules, ServiceClientsModule } from '@app/common';
import { authDatabase, AuthModule, inProcessSecurity, loginProviders } from '../../auth/src';
import { GatewayModule } from '../../gateway/src';
import { inventoryDatabase, InventoryModule } from '../../inventory/src';
import { ordersDatabase, OrdersModule } from '../../orders/src';
import { servicesCalled } from '@app/contracts';

/**
 * Every app's modules in one process, sharing one pool. Modules talk through the in-process
 * transport (same packets, guards and filters as TCP); no service TCP port is opened.
 */
@Module({})
export class MonolithModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: MonolithModule,
      imports: [
        ...platformModules('monolith', env, [authDatabase, ordersDatabase, inventoryDatabase]),
        ServiceClientsModule.register('in-process', servicesCalled('auth', 'orders', 'inventory')),
        AuthModule,
        ...loginProviders(env),
        OrdersModule,
        InventoryModule,
        GatewayModule,
        inProcessSecurity('gateway'),
      ],
    };
  }
}
