export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** Whether this process hosts a service with tables, so its health depends on the database. */
  database: boolean;
}
