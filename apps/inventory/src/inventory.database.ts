import type { ServiceDatabase } from '@app/common';
import { CreateProducts1763800000100 } from './migrations/1763800000100-create-products';
import { CreateReservations1763800000500 } from './migrations/1763800000500-create-reservations';
import { Product } from './products/product.entity';
import { ReservationItem } from './reservations/reservation-item.entity';
import { Reservation } from './reservations/reservation.entity';

export const inventoryDatabase: ServiceDatabase = {
  schema: 'inventory',
  entities: [Product, Reservation, ReservationItem],
  migrations: [CreateProducts1763800000100, CreateReservations1763800000500],
};
