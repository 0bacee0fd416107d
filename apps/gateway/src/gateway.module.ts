import { Module } from '@nestjs/common';
import { AdminAccountsController } from './api/admin-accounts.controller';
import { AdminDirectoryController } from './api/admin-directory.controller';
import { OrdersController } from './api/orders.controller';
import { ProductsController } from './api/products.controller';
import { BrowserSessionAuthenticator } from './browser-sessions/browser-session-authenticator';

/** The public origin: `/api/*` checked here first, then answered by the services over RPC. */
@Module({
  controllers: [ProductsController, OrdersController, AdminAccountsController, AdminDirectoryController],
  providers: [BrowserSessionAuthenticator],
  exports: [BrowserSessionAuthenticator],
})
export class GatewayModule {}
