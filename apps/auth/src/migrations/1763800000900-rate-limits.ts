import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The credential rate limit's counters, shared by every auth process (rate-limiter-flexible's layout). */
export class RateLimits1763800000900 implements MigrationInterface {
  name = 'RateLimits1763800000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.rate_limits');
  }
}
