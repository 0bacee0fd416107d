import { type Environment, IN_MEMORY, loadEnvironment } from '@app/common';

/**
 * A validated environment for a test app: the real PostgreSQL when `DATABASE_URL` is set,
 * otherwise a fresh in-memory PGlite per app. Logs are silent unless TEST_LOG_LEVEL says otherwise.
 */
export function testEnvironment(overrides: Record<string, string | undefined> = {}): Environment {
  return loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    PGLITE_DATA_DIR: IN_MEMORY,
    ...overrides,
  });
}
