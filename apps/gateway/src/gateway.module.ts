import { Module } from '@nestjs/common';
import { AdminAccountsController } from './api/admin-accounts.controller';
import { OrdersController } from './api/orders.controller';
import { ProductsController } from './api/products.controller';

/** The public origin: `/api/*` checked here first, then answered by the services over RPC. */
@Module({
  controllers: [ProductsController, OrdersController, AdminAccountsController],
})
export class GatewayModule {}
