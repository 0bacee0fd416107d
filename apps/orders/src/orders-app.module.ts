import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules, ServiceClientsModule } from '@app/common';
import { remoteSecurity } from '@app/security';
import { ordersDatabase } from './orders.database';
import { OrdersModule } from './orders.module';
import { servicesCalled } from '@app/contracts';

/** The orders app as its own process (split mode). */
@Module({})
export class OrdersAppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: OrdersAppModule,
      imports: [
        ...platformModules('orders', env, [ordersDatabase]),
        ServiceClientsModule.register('tcp', servicesCalled('auth', 'inventory')),
        remoteSecurity('orders'),
        OrdersModule,
      ],
    };
  }
}
