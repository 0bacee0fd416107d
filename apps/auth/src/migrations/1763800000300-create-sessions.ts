import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1763800000300 implements MigrationInterface {
  name = 'CreateSessions1763800000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES auth.accounts(id) ON DELETE CASCADE,
        provider text NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz NOT NULL,
        idle_expires_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await db.query(
      'CREATE INDEX ix_sessions_account_live ON auth.sessions (account_id, created_at) WHERE revoked_at IS NULL',
    );
    await db.query(`
      CREATE TABLE auth.refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES auth.sessions(id) ON DELETE CASCADE,
        parent_id uuid,
        token_hash text NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash)
      )`);
    await db.query('CREATE INDEX ix_refresh_tokens_session ON auth.refresh_tokens (session_id)');
    // A token is rotated at most once: at most one child per parent, even across processes.
    await db.query(
      'CREATE UNIQUE INDEX uq_refresh_tokens_parent ON auth.refresh_tokens (parent_id) WHERE parent_id IS NOT NULL',
    );
    await db.query(`
      CREATE TABLE auth.revocations (
        id bigserial PRIMARY KEY,
        session_id uuid,
        account_id uuid,
        not_before timestamptz,
        reason text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CHECK (session_id IS NOT NULL OR (account_id IS NOT NULL AND not_before IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE auth.audit_events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        account_id uuid,
        session_id uuid,
        ip text,
        user_agent text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX ix_audit_events_account ON auth.audit_events (account_id, created_at)');
    await db.query(`
      CREATE FUNCTION auth.audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'auth.audit_events is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON auth.audit_events
      FOR EACH ROW EXECUTE FUNCTION auth.audit_events_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.audit_events');
    await db.query('DROP FUNCTION auth.audit_events_append_only');
    await db.query('DROP TABLE auth.revocations');
    await db.query('DROP TABLE auth.refresh_tokens');
    await db.query('DROP TABLE auth.sessions');
  }
}
