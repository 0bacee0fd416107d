import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order is written as `pending` before its stock is reserved and confirmed after, so a process
 * that dies in between leaves a row the sweeper finds (`releasing` while it puts the stock back).
 */
export class PendingOrders1763805000000 implements MigrationInterface {
  name = 'PendingOrders1763805000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders DROP CONSTRAINT IF EXISTS orders_status_check');
    await db.query(
      `ALTER TABLE orders.orders ADD CONSTRAINT orders_status_check CHECK (status IN ('pending', 'releasing', 'confirmed', 'cancelled'))`,
    );
    await db.query(
      `CREATE INDEX ix_orders_unfinished ON orders.orders (created_at) WHERE status IN ('pending', 'releasing')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX orders.ix_orders_unfinished');
    await db.query(`DELETE FROM orders.orders WHERE status IN ('pending', 'releasing')`);
    await db.query('ALTER TABLE orders.orders DROP CONSTRAINT orders_status_check');
    await db.query(
      `ALTER TABLE orders.orders ADD CONSTRAINT orders_status_check CHECK (status IN ('confirmed', 'cancelled'))`,
    );
  }
}
