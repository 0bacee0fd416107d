import type { MixedList, EntitySchema } from 'typeorm';

/**
 * What a service owns in PostgreSQL: one schema, its entities and the migrations that build them.
 * Each service migrates only its own schema and records its history in `<schema>.migrations`,
 * so the same service can later move to a database of its own.
 */
export interface ServiceDatabase {
  schema: 'auth' | 'orders' | 'inventory';
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}
