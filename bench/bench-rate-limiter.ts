import type { Pool } from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';

/** Every key the bench counts starts so; the bench removes those rows when it is done. */
export const BENCH_RATE_LIMIT_PREFIX = 'bench-floor';

/**
 * The auth service's credential count (rate-limiter-flexible in auth.rate_limits) with a budget no
 * load reaches, under keys of the bench's own.
 */
export const benchRateLimiter = (pool: Pool, name: string): RateLimiterPostgres =>
  new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    schemaName: 'auth',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: `${BENCH_RATE_LIMIT_PREFIX}-${name}`,
    points: 1e9,
    duration: 60,
  });
