import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Link tickets (a hash only) and at most one login per provider on an account. */
export class LinkTickets1763802000000 implements MigrationInterface {
  name = 'LinkTickets1763802000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.link_tickets (
        ticket_hash text PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES auth.accounts(id) ON DELETE CASCADE,
        session_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query('CREATE INDEX ix_link_tickets_expires ON auth.link_tickets (expires_at)');
    // "Unlink Google" names one login; two Google logins on one account would make it ambiguous.
    await db.query('CREATE UNIQUE INDEX uq_logins_account_provider ON auth.logins (account_id, provider)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX auth.uq_logins_account_provider');
    await db.query('DROP TABLE auth.link_tickets');
  }
}
