import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Reservation } from './reservation.entity';

@Entity({ schema: 'inventory', name: 'reservation_items' })
export class ReservationItem {
  @PrimaryColumn({ name: 'reservation_id', type: 'uuid' })
  reservationId: string;

  @PrimaryColumn({ type: 'text' })
  sku: string;

  @ManyToOne('Reservation', (reservation: Reservation) => reservation.items, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reservation_id' })
  reservation: Reservation;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'unit_price_cents', type: 'integer' })
  unitPriceCents: number;
}
