import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { ReservationItem } from './reservation-item.entity';

/** Stock set aside for one order; its id is the order's id, so a retry cannot reserve twice. */
@Entity({ schema: 'inventory', name: 'reservations' })
export class Reservation {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @OneToMany('ReservationItem', (item: ReservationItem) => item.reservation, { eager: true })
  items: ReservationItem[];
}
