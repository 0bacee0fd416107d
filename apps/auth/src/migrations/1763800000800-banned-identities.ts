import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bans kept against provider identities (a hash, no personal data), so they outlive the account row. */
export class BannedIdentities1763800000800 implements MigrationInterface {
  name = 'BannedIdentities1763800000800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.banned_identities (
        identity_hash text PRIMARY KEY,
        account_id uuid,
        banned_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX ix_banned_identities_account ON auth.banned_identities (account_id)');
    // Accounts banned before this table existed: keep their bans against their logins too.
    await db.query(`
      INSERT INTO auth.banned_identities (identity_hash, account_id, banned_at)
      SELECT encode(sha256(convert_to(l.provider || ':' || l.provider_user_id, 'UTF8')), 'hex'), a.id, a.banned_at
        FROM auth.accounts a JOIN auth.logins l ON l.account_id = a.id
       WHERE a.banned_at IS NOT NULL
      ON CONFLICT DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.banned_identities');
  }
}
