import type { ServiceDatabase } from '@app/common';
import { CreateOrders1763800000200 } from './migrations/1763800000200-create-orders';
import { OrderTotalsBigint1763800000600 } from './migrations/1763800000600-order-totals-bigint';
import { PendingOrders1763805000000 } from './migrations/1763805000000-pending-orders';
import { OrderItem } from './orders/order-item.entity';
import { Order } from './orders/order.entity';

export const ordersDatabase: ServiceDatabase = {
  schema: 'orders',
  entities: [Order, OrderItem],
  migrations: [CreateOrders1763800000200, OrderTotalsBigint1763800000600, PendingOrders1763805000000],
};
