import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '../config/load-environment';
import { workerPlan } from './worker-plan';
import './workers.config';

const DATABASE_URL = 'postgres://root@127.0.0.1:5432/test';
const EMULATORS = 'the built-in emulators hold logins in flight in one process';

describe('workerPlan', () => {
  it('runs one worker per core when a DATABASE_URL is set and nothing holds the app to one process', () => {
    expect(workerPlan(loadEnvironment({ DATABASE_URL }), undefined, 8)).toEqual({
      workers: 8,
      why: 'one per core (DATABASE_URL is set)',
    });
  });

  it('runs one worker on the embedded database, or when the app says it must (development emulators)', () => {
    expect(workerPlan(loadEnvironment({}), undefined, 8).workers).toBe(1);
    expect(workerPlan(loadEnvironment({ DATABASE_URL }), EMULATORS, 8)).toEqual({ workers: 1, why: EMULATORS });
  });

  it('runs as many as WORKERS says, one included', () => {
    expect(workerPlan(loadEnvironment({ DATABASE_URL, WORKERS: '3' }), undefined, 8)).toEqual({
      workers: 3,
      why: 'WORKERS',
    });
    expect(workerPlan(loadEnvironment({ DATABASE_URL, WORKERS: '1' }), EMULATORS, 8).workers).toBe(1);
  });

  it('refuses WORKERS above 1 where the app must be one process, saying why', () => {
    expect(() => workerPlan(loadEnvironment({ DATABASE_URL, WORKERS: '2' }), EMULATORS, 8)).toThrow(
      `Invalid configuration: WORKERS=2 cannot be used here: ${EMULATORS}`,
    );
  });

  it('refuses WORKERS above 1 on the embedded database and a WORKERS that is not a count', () => {
    expect(() => loadEnvironment({ WORKERS: '2' })).toThrow(/WORKERS above 1 needs DATABASE_URL/);
    for (const WORKERS of ['0', '-1', 'all', '1.5', '65'])
      expect(() => loadEnvironment({ DATABASE_URL, WORKERS })).toThrow(/WORKERS must be a whole number from 1 to 64/);
    expect(() => loadEnvironment({ SHUTDOWN_GRACE_MS: '10' })).toThrow(/SHUTDOWN_GRACE_MS must be at least 100/);
  });
});
