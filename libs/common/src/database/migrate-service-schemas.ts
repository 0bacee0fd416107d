import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ServiceDatabase } from './service-database';

// Any constant works; it only has to be the same in every process sharing a database.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs each service's pending migrations in its own schema, one service at a time, under a
 * PostgreSQL advisory lock so that split-mode processes starting together never race.
 * Uses a one-connection data source so the lock and the migrations share one session.
 */
export async function migrateServiceSchemas(
  connection: Pick<DataSourceOptions & { type: 'postgres' }, 'url' | 'extra'>,
  services: ServiceDatabase[],
): Promise<string[]> {
  const applied: string[] = [];
  for (const service of services) {
    const dataSource = new DataSource({
      type: 'postgres',
      url: connection.url,
      extra: { ...connection.extra, max: 1 },
      schema: service.schema,
      migrationsTableName: 'migrations',
      migrations: service.migrations,
      migrationsTransactionMode: 'each',
      logging: false,
    });
    await dataSource.initialize();
    try {
      await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${service.schema}"`);
        const migrations = await dataSource.runMigrations();
        applied.push(...migrations.map((migration) => `${service.schema}:${migration.name}`));
      } finally {
        await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      await dataSource.destroy();
    }
  }
  return applied;
}
