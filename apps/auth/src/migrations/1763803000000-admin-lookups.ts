import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin console's reads: an account's audit events and events of one type, newest first by
 * id (the paging cursor), and an account found by a provider's user id whatever the provider.
 */
export class AdminLookups1763803000000 implements MigrationInterface {
  name = 'AdminLookups1763803000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX ix_audit_events_account_id ON auth.audit_events (account_id, id)');
    await db.query('CREATE INDEX ix_audit_events_type_id ON auth.audit_events (type, id)');
    await db.query('CREATE INDEX ix_logins_provider_user_id ON auth.logins (provider_user_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX auth.ix_logins_provider_user_id');
    await db.query('DROP INDEX auth.ix_audit_events_type_id');
    await db.query('DROP INDEX auth.ix_audit_events_account_id');
  }
}
