import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account's earliest acceptable access-token `iat` (whole seconds), set with every account-wide
 * revocation (role change, ban, logout-all): tokens minted after it are given at least this `iat`,
 * so the revocation, which refuses tokens issued before it, never refuses them.
 */
export class AccountTokensNotBefore1763800000700 implements MigrationInterface {
  name = 'AccountTokensNotBefore1763800000700';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.accounts ADD COLUMN tokens_not_before timestamptz');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE auth.accounts DROP COLUMN tokens_not_before');
  }
}
