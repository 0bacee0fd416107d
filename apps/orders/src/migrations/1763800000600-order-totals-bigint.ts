import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An order's total can exceed 2^31 cents (30 units at the highest accepted price do). */
export class OrderTotalsBigint1763800000600 implements MigrationInterface {
  name = 'OrderTotalsBigint1763800000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders ALTER COLUMN total_cents TYPE bigint');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders.orders ALTER COLUMN total_cents TYPE integer');
  }
}
