import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { OrderItem } from './order-item.entity';

export type OrderStatus = 'confirmed' | 'cancelled';

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

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToMany('OrderItem', (item: OrderItem) => item.order, { cascade: ['insert'], eager: true })
  items: OrderItem[];
}
