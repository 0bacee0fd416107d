import { Module } from '@nestjs/common';
import { DelegatedTokenService } from './orders/delegated-token.service';
import { OrdersRpcController } from './orders/orders-rpc.controller';
import { OrdersService } from './orders/orders.service';

/** The orders service: a user's orders, placed against inventory on the user's behalf. */
@Module({
  controllers: [OrdersRpcController],
  providers: [OrdersService, DelegatedTokenService],
})
export class OrdersModule {}
