import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Session mode: a session held by an opaque browser cookie instead of a refresh token (its hash only). */
export class BrowserSessions1763801000000 implements MigrationInterface {
  name = 'BrowserSessions1763801000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.sessions ADD COLUMN browser_secret_hash text');
    await db.query(
      'CREATE UNIQUE INDEX uq_sessions_browser_secret ON auth.sessions (browser_secret_hash) WHERE browser_secret_hash IS NOT NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.sessions DROP COLUMN browser_secret_hash');
  }
}
