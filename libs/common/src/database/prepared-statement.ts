import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A statement node-postgres prepares once per pooled connection, under its name, and reuses. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/**
 * Runs `statement` straight through the data source's node-postgres pool (PostgreSQL or the
 * embedded one): planned once per connection instead of on every call, and without TypeORM's
 * query runner, which cannot name a statement. For the hottest reads and writes only.
 */
export async function queryPrepared<Row extends QueryResultRow>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const { rows } = await pool.query<Row>({ name: statement.name, text: statement.text, values });
  return rows;
}
