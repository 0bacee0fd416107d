import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { PeerOrder } from './peer-order.entity';

@Entity({ schema: 'bench_peer', name: 'order_items' })
export class PeerOrderItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne('PeerOrder', (order: PeerOrder) => order.items, { onDelete: 'CASCADE' })
  order: PeerOrder;

  @Column({ type: 'text' })
  sku: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer' })
  unitPriceCents: number;
}
