import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every statement that adds revocations notifies `auth_revocations` (once, whatever the number of
 * rows); PostgreSQL delivers it when the transaction commits, so no listener hears of an entry the
 * feed does not show yet. The split auth app on NATS relays it to every service instance.
 */
export class RevocationNotify1763804000000 implements MigrationInterface {
  name = 'RevocationNotify1763804000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION auth.notify_revocations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_revocations', NULL);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER revocations_notify AFTER INSERT ON auth.revocations
      FOR EACH STATEMENT EXECUTE FUNCTION auth.notify_revocations()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER revocations_notify ON auth.revocations');
    await db.query('DROP FUNCTION auth.notify_revocations');
  }
}
