import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * REFRESH_REUSE_INTERVAL replaces REFRESH_RETRY_WINDOW: a token presented again shortly after its
 * rotation gets a successor of its own, so one parent may have several children (siblings).
 */
export class RefreshReuseInterval1763800000600 implements MigrationInterface {
  name = 'RefreshReuseInterval1763800000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX auth.uq_refresh_tokens_parent');
    await db.query(
      'CREATE INDEX ix_refresh_tokens_parent ON auth.refresh_tokens (parent_id) WHERE parent_id IS NOT NULL',
    );
    await db.query('ALTER TABLE auth.refresh_tokens DROP COLUMN rotated_on_retry');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.refresh_tokens ADD COLUMN rotated_on_retry boolean NOT NULL DEFAULT false');
    await db.query('DROP INDEX auth.ix_refresh_tokens_parent');
    await db.query(
      'CREATE UNIQUE INDEX uq_refresh_tokens_parent ON auth.refresh_tokens (parent_id) WHERE parent_id IS NOT NULL',
    );
  }
}
