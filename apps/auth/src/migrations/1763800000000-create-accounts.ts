import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1763800000000 implements MigrationInterface {
  name = 'CreateAccounts1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text,
        banned_at timestamptz,
        ban_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE auth.logins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES auth.accounts(id) ON DELETE CASCADE,
        provider text NOT NULL,
        provider_user_id text NOT NULL,
        token_hash text,
        token_expires_at timestamptz,
        token_ciphertext text,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_logins_provider_user UNIQUE (provider, provider_user_id)
      )`);
    await db.query(`CREATE INDEX ix_logins_account ON auth.logins (account_id)`);
    await db.query(`
      CREATE TABLE auth.claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES auth.accounts(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('role', 'scope')),
        value text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_claims_account_type_value UNIQUE (account_id, type, value)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.claims');
    await db.query('DROP TABLE auth.logins');
    await db.query('DROP TABLE auth.accounts');
  }
}
