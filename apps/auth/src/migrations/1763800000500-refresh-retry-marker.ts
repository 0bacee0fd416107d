import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks a refresh token rotated on behalf of a client retrying after a lost answer (REFRESH_RETRY_WINDOW). */
export class RefreshRetryMarker1763800000500 implements MigrationInterface {
  name = 'RefreshRetryMarker1763800000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.refresh_tokens ADD COLUMN rotated_on_retry boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.refresh_tokens DROP COLUMN rotated_on_retry');
  }
}
