// The orders app's public surface, for the composition root (apps/monolith) and the end-to-end tests.
export { OrdersAppModule } from './orders-app.module';
export { OrdersModule } from './orders.module';
export { ordersDatabase } from './orders.database';
export { AbandonedOrderSweeper } from './orders/abandoned-order-sweeper';
export { DelegatedTokenService } from './orders/delegated-token.service';
