import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrders1763800000200 implements MigrationInterface {
  name = 'CreateOrders1763800000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE orders.orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
        total_cents integer NOT NULL CHECK (total_cents >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX ix_orders_account ON orders.orders (account_id, created_at DESC)');
    await db.query(`
      CREATE TABLE orders.order_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES orders.orders(id) ON DELETE CASCADE,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0)
      )`);
    await db.query('CREATE INDEX ix_order_items_order ON orders.order_items (order_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE orders.order_items');
    await db.query('DROP TABLE orders.orders');
  }
}
