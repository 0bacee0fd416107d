export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

export interface HealthOptions {
  /** Whether this process hosts a service with tables, so its health depends on the database. */
  database: boolean;
  /** Whether it sends and takes its messages through NATS (a split app with TRANSPORT=nats). */
  nats: boolean;
}
