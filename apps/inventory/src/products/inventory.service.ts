import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { queryPrepared } from '@app/common';
import { RpcStatusException } from '@app/security';
import { ReservationItem } from '../reservations/reservation-item.entity';
import { Reservation } from '../reservations/reservation.entity';
import type { CreateProductDto, OrderLineDto, ProductView, ReservedLine } from '@app/contracts';
import { LIST_PRODUCTS } from './list-products.sql';
import { Product } from './product.entity';

const view = (product: Product): ProductView => ({
  sku: product.sku,
  name: product.name,
  priceCents: product.priceCents,
  stock: product.stock,
});

@Injectable()
export class InventoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<ProductView[]> {
    return queryPrepared<ProductView>(this.dataSource, LIST_PRODUCTS, []);
  }

  async get(sku: string): Promise<ProductView> {
    const product = await this.dataSource.getRepository(Product).findOneBy({ sku });
    if (!product) throw new RpcStatusException(404, 'not_found', `no product ${sku}`);
    return view(product);
  }

  async create(dto: CreateProductDto): Promise<ProductView> {
    // TypeORM answers INSERT … RETURNING with the rows alone (UPDATE and DELETE add a count).
    const rows: Array<{ sku: string }> = await this.dataSource.query(
      `INSERT INTO inventory.products (sku, name, price_cents, stock) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sku) DO NOTHING RETURNING sku`,
      [dto.sku, dto.name, dto.priceCents, dto.stock],
    );
    if (rows.length === 0)
      throw new RpcStatusException(409, 'conflict', `a product with sku ${dto.sku} already exists`);
    return this.get(dto.sku);
  }

  /**
   * Reserves every line or none, in one transaction. Each line is a conditional decrement, so
   * concurrent orders can never take stock below zero. Reserving the same id again answers the
   * first reservation.
   */
  async reserve(reservationId: string, accountId: string, lines: OrderLineDto[]): Promise<ReservedLine[]> {
    const wanted = new Map<string, number>();
    for (const line of lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
    return this.dataSource.transaction(async (manager) => {
      const created: Array<{ id: string }> = await manager.query(
        'INSERT INTO inventory.reservations (id, account_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
        [reservationId, accountId],
      );
      if (created.length === 0) {
        const existing = await manager.getRepository(Reservation).findOneBy({ id: reservationId });
        if (existing?.accountId !== accountId || existing.releasedAt)
          throw new RpcStatusException(409, 'conflict', 'this reservation id is taken');
        return existing.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents }));
      }
      const reserved: ReservedLine[] = [];
      // A fixed order (by sku) keeps concurrent reservations from deadlocking each other.
      for (const [sku, quantity] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
        const [rows]: [Array<{ price_cents: number }>, number] = await manager.query(
          'UPDATE inventory.products SET stock = stock - $2, updated_at = now() WHERE sku = $1 AND stock >= $2 RETURNING price_cents',
          [sku, quantity],
        );
        if (rows.length === 0) {
          const exists = await manager.getRepository(Product).existsBy({ sku });
          throw exists
            ? new RpcStatusException(409, 'insufficient_stock', `not enough stock for ${sku}`)
            : new RpcStatusException(404, 'not_found', `no product ${sku}`);
        }
        reserved.push({ sku, quantity, unitPriceCents: rows[0].price_cents });
      }
      await manager.getRepository(ReservationItem).insert(reserved.map((line) => ({ reservationId, ...line })));
      return reserved;
    });
  }

  /**
   * Puts a reservation's stock back (an order that could not be completed): the account's when
   * `accountId` is given, any otherwise (orders' sweeper). Idempotent.
   */
  async release(reservationId: string, accountId?: string): Promise<{ released: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .getRepository(Reservation)
        .update(
          { id: reservationId, ...(accountId ? { accountId } : {}), releasedAt: IsNull() },
          { releasedAt: new Date() },
        );
      if (!result.affected) return { released: false };
      const items = await manager.getRepository(ReservationItem).findBy({ reservationId });
      for (const item of items) {
        await manager.query('UPDATE inventory.products SET stock = stock + $2, updated_at = now() WHERE sku = $1', [
          item.sku,
          item.quantity,
        ]);
      }
      return { released: true };
    });
  }
}
