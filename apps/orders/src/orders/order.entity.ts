import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { OrderItem } from './order-item.entity';

/** `pending` and `releasing` are not orders yet (see OrdersService.create); users never see them. */
export type OrderStatus = 'pending' | 'releasing' | 'confirmed' | 'cancelled';

@Entity({ schema: 'orders', name: 'orders' })
export class Order {
  /** Chosen by the service before reserving stock, so the reservation carries the same id. */
  @PrimaryColumn('uuid')
  id: string;

  /** The `sub` of the user who placed it. */
  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  status: OrderStatus;

  /** bigint: totals pass 2^31 cents. node-postgres reads it as a string; every accepted total is below 2^53. */
  @Column({
    name: 'total_cents',
    type: 'bigint',
    transformer: {
      to: (value: number) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  totalCents: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToMany('OrderItem', (item: OrderItem) => item.order, { cascade: ['insert'], eager: true })
  items: OrderItem[];
}
