import { Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { InjectService, queryPrepared } from '@app/common';
import { type Caller, isRpcErrorBody, RpcStatusException, sendRpc } from '@app/security';
import { type OrderLineDto, type ReservedLine, type OrderView, INVENTORY_PATTERNS, ROLES } from '@app/contracts';
import { DelegatedTokenService } from './delegated-token.service';
import { LIST_ORDERS, type ListedOrders } from './list-orders.sql';
import { OrderItem } from './order-item.entity';
import { Order, type OrderStatus } from './order.entity';

const view = (order: Order): OrderView => ({
  id: order.id,
  status: order.status,
  items: order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
  totalCents: order.totalCents,
  createdAt: order.createdAt.toISOString(),
});

@Injectable()
export class OrdersService {
  private readonly logger = new Logger('Orders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectService('inventory') private readonly inventory: ClientProxy,
    private readonly delegated: DelegatedTokenService,
  ) {}

  /** The newest 200 orders with their lines, in one statement (the hottest read of the platform). */
  async list(accountId: string): Promise<OrderView[]> {
    const [{ orders }] = await queryPrepared<ListedOrders>(this.dataSource, LIST_ORDERS, [accountId]);
    return orders;
  }

  /** The owner's order, or any order for an admin; everyone else is told it does not exist. */
  async get(id: string, caller: Caller): Promise<OrderView> {
    const order = await this.dataSource
      .getRepository(Order)
      .findOneBy({ id, status: In(['confirmed', 'cancelled'] satisfies OrderStatus[]) });
    if (!order || (order.accountId !== caller.claims.sub && !caller.claims.roles.includes(ROLES.admin))) {
      throw new RpcStatusException(404, 'not_found', 'order not found');
    }
    return view(order);
  }

  /**
   * Writes the order as pending, reserves its stock at inventory on the user's behalf (all or
   * nothing), then confirms it with its lines in one transaction. A refusal removes the pending row;
   * a failure after the reservation releases it at once; a process that dies in between leaves a
   * pending row for AbandonedOrderSweeper, which gives the stock back. Confirming only a row still
   * pending means a sweep and a late confirmation can never both happen.
   */
  async create(caller: Caller, lines: OrderLineDto[]): Promise<OrderView> {
    const orderId = randomUUID();
    const delegated = await this.delegated.forInventory(caller.token);
    const asOrders = { token: delegated };
    const orders = this.dataSource.getRepository(Order);
    await orders.insert({ id: orderId, accountId: caller.claims.sub, status: 'pending', totalCents: 0 });
    let reserved: ReservedLine[];
    try {
      reserved = await sendRpc<ReservedLine[]>(
        this.inventory,
        INVENTORY_PATTERNS.reserve,
        { reservationId: orderId, items: lines },
        { as: asOrders },
      );
    } catch (error) {
      // Inventory said no (nothing reserved): the order never was. Otherwise it may have reserved
      // without answering; the pending row stays for the sweeper.
      const refusal = error instanceof RpcStatusException ? error.getError() : undefined;
      if (isRpcErrorBody(refusal) && refusal.status < 500) await orders.delete({ id: orderId, status: 'pending' });
      throw error;
    }
    try {
      return await this.dataSource.transaction(async (manager): Promise<OrderView> => {
        const totalCents = reserved.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
        const [confirmed]: [Array<{ created_at: Date }>, number] = await manager.query(
          `UPDATE orders.orders SET status = 'confirmed', total_cents = $2 WHERE id = $1 AND status = 'pending' RETURNING created_at`,
          [orderId, totalCents],
        );
        if (confirmed.length === 0) throw new Error('swept before it was confirmed');
        const items = reserved.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents }));
        await manager.getRepository(OrderItem).insert(items.map((item) => ({ orderId, ...item })));
        return {
          id: orderId,
          status: 'confirmed',
          items,
          totalCents,
          createdAt: new Date(confirmed[0].created_at).toISOString(),
        };
      });
    } catch (error) {
      this.logger.error(
        `order ${orderId} could not be recorded; releasing its reservation: ${(error as Error).message}`,
      );
      await sendRpc(this.inventory, INVENTORY_PATTERNS.release, { reservationId: orderId }, { as: asOrders }).then(
        () => orders.delete({ id: orderId, status: 'pending' }),
        () => this.logger.error(`reservation ${orderId} could not be released now; the sweeper will`),
      );
      throw new RpcStatusException(503, 'service_unavailable', 'the order could not be recorded; nothing was reserved');
    }
  }
}
