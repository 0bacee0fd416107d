import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { PeerOrderItem } from './peer-order-item.entity';

@Entity({ schema: 'bench_peer', name: 'orders' })
export class PeerOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'bigint' })
  totalCents: string;

  @CreateDateColumn()
  createdAt: Date;

  @OneToMany('PeerOrderItem', (item: PeerOrderItem) => item.order)
  items: PeerOrderItem[];
}
