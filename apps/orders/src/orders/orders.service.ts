import { Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectService, queryPrepared } from '@app/common';
import { type Caller, RpcStatusException, sendRpc } from '@app/security';
import { type OrderLineDto, type ReservedLine, type OrderView, INVENTORY_PATTERNS, ROLES } from '@app/contracts';
import { DelegatedTokenService } from './delegated-token.service';
import { LIST_ORDERS } from './list-orders.sql';
import { Order } from './order.entity';

const view = (order: Order): OrderView => ({
  id: order.id,
  status: order.status,
  items: order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
  totalCents: order.totalCents,
  createdAt: order.createdAt.toISOString(),
});

interface ListedOrder {
  id: string;
  status: OrderView['status'];
  items: OrderView['items'];
  /** bigint, as node-postgres reads it. */
  total_cents: string;
  created_at: Date;
}

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
    const rows = await queryPrepared<ListedOrder>(this.dataSource, LIST_ORDERS, [accountId]);
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      items: row.items,
      totalCents: Number(row.total_cents),
      createdAt: new Date(row.created_at).toISOString(),
    }));
  }

  /** The owner's order, or any order for an admin; everyone else is told it does not exist. */
  async get(id: string, caller: Caller): Promise<OrderView> {
    const order = await this.dataSource.getRepository(Order).findOneBy({ id });
    if (!order || (order.accountId !== caller.claims.sub && !caller.claims.roles.includes(ROLES.admin))) {
      throw new RpcStatusException(404, 'not_found', 'order not found');
    }
    return view(order);
  }

  /**
   * Reserves the stock at inventory on the user's behalf (all or nothing), then records the
   * order; if recording fails the reservation is released, so nothing stays reserved.
   */
  async create(caller: Caller, lines: OrderLineDto[]): Promise<OrderView> {
    const orderId = randomUUID();
    const delegated = await this.delegated.forInventory(caller.token);
    const asOrders = { token: delegated };
    const reserved = await sendRpc<ReservedLine[]>(
      this.inventory,
      INVENTORY_PATTERNS.reserve,
      { reservationId: orderId, items: lines },
      { as: asOrders },
    );
    try {
      const repository = this.dataSource.getRepository(Order);
      const order = repository.create({
        id: orderId,
        accountId: caller.claims.sub,
        status: 'confirmed',
        totalCents: reserved.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
        items: reserved.map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
        })),
      });
      return view(await repository.save(order));
    } catch (error) {
      this.logger.error(`order ${orderId} could not be saved; releasing its reservation: ${(error as Error).message}`);
      await sendRpc(this.inventory, INVENTORY_PATTERNS.release, { reservationId: orderId }, { as: asOrders }).catch(
        () => this.logger.error(`reservation ${orderId} could not be released`),
      );
      throw new RpcStatusException(503, 'service_unavailable', 'the order could not be recorded; nothing was reserved');
    }
  }
}
