import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules, ServiceClientsModule } from '@app/common';
import { authDatabase } from '../../auth/src/auth.database';
import { inProcessSecurity } from '../../auth/src/auth-security.module';
import { AuthModule } from '../../auth/src/auth.module';
import { loginProviders } from '../../auth/src/login-providers';
import { GatewayModule } from '../../gateway/src/gateway.module';
import { inventoryDatabase } from '../../inventory/src/inventory.database';
import { InventoryModule } from '../../inventory/src/inventory.module';
import { ordersDatabase } from '../../orders/src/orders.database';
import { OrdersModule } from '../../orders/src/orders.module';
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
