import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules, ServiceClientsModule } from '@app/common';
import { remoteSecurity } from '@app/security';
import { inventoryDatabase } from './inventory.database';
import { InventoryModule } from './inventory.module';
import { servicesCalled } from '@app/contracts';

/** The inventory app as its own process (split mode). */
@Module({})
export class InventoryAppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: InventoryAppModule,
      imports: [
        ...platformModules('inventory', env, [inventoryDatabase]),
        ServiceClientsModule.register('tcp', servicesCalled('auth')),
        remoteSecurity('inventory'),
        InventoryModule,
      ],
    };
  }
}
