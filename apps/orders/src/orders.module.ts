import { Module } from '@nestjs/common';
import { featureConfigProvider } from '@app/common';
import { AbandonedOrderSweeper } from './orders/abandoned-order-sweeper';
import { DelegatedTokenService } from './orders/delegated-token.service';
import { OrdersRpcController } from './orders/orders-rpc.controller';
import { OrdersConfig } from './orders/orders.config';
import { OrdersService } from './orders/orders.service';

/** The orders service: a user's orders, placed against inventory on the user's behalf. */
@Module({
  controllers: [OrdersRpcController],
  providers: [OrdersService, DelegatedTokenService, AbandonedOrderSweeper, featureConfigProvider(OrdersConfig)],
})
export class OrdersModule {}
