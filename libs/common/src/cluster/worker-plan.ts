import { availableParallelism } from 'node:os';
import type { Environment } from '../config/environment';
import { ConfigurationError } from '../config/load-environment';
import { WorkersConfig } from './workers.config';

export interface WorkerPlan {
  workers: number;
  /** Why this many, for the start-up line. */
  why: string;
}

/**
 * How many workers an app runs. `oneProcessOnly` is the app's own reason it must stay in one process
 * with this configuration (development emulators keep logins in flight in memory); it makes the
 * default 1 and an explicit WORKERS above 1 a configuration error, told as what to change.
 */
export function workerPlan(
  env: Environment,
  oneProcessOnly?: string,
  cores: number = availableParallelism(),
): WorkerPlan {
  const { WORKERS } = env.feature(WorkersConfig);
  if (WORKERS !== undefined) {
    if (WORKERS > 1 && oneProcessOnly)
      throw new ConfigurationError(`Invalid configuration: WORKERS=${WORKERS} cannot be used here: ${oneProcessOnly}`);
    return { workers: WORKERS, why: 'WORKERS' };
  }
  if (!env.DATABASE_URL)
    return { workers: 1, why: 'the embedded database belongs to one process; set DATABASE_URL for more' };
  if (oneProcessOnly) return { workers: 1, why: oneProcessOnly };
  return { workers: cores, why: 'one per core (DATABASE_URL is set)' };
}
