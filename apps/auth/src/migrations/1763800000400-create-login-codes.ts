import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLoginCodes1763800000400 implements MigrationInterface {
  name = 'CreateLoginCodes1763800000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.login_codes (
        code_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES auth.accounts(id) ON DELETE CASCADE,
        provider text NOT NULL,
        code_challenge text NOT NULL,
        redirect_uri text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE auth.data_deletion_requests (
        confirmation_code text PRIMARY KEY,
        provider text NOT NULL,
        provider_user_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('completed')),
        created_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await db.query(
      'CREATE UNIQUE INDEX uq_data_deletion_user ON auth.data_deletion_requests (provider, provider_user_hash)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.data_deletion_requests');
    await db.query('DROP TABLE auth.login_codes');
  }
}
