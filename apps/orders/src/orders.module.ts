import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrderItem } from './orders/order-item.entity';
import { Order } from './orders/order.entity';

/** The orders service: a user's orders, placed against inventory on the user's behalf. */
@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderItem])],
})
export class OrdersModule {}
