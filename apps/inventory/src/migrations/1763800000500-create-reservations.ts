import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReservations1763800000500 implements MigrationInterface {
  name = 'CreateReservations1763800000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inventory.reservations (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        released_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE inventory.reservation_items (
        reservation_id uuid NOT NULL REFERENCES inventory.reservations(id) ON DELETE CASCADE,
        sku text NOT NULL REFERENCES inventory.products(sku),
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_cents integer NOT NULL,
        PRIMARY KEY (reservation_id, sku)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE inventory.reservation_items');
    await db.query('DROP TABLE inventory.reservations');
  }
}
