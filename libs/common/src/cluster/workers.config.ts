import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Environment } from '../config/environment';
import { environmentParsers } from '../config/environment';
import { FeatureConfig } from '../config/feature-config';

const { toInt } = environmentParsers;

/** How many processes serve one app on this machine (node:cluster), and how long they may take to stop. */
@FeatureConfig()
export class WorkersConfig {
  /** Unset: see {@link workerPlan} (every core with a DATABASE_URL, otherwise one). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WORKERS must be a whole number from 1 to 64' })
  @Min(1, { message: 'WORKERS must be a whole number from 1 to 64' })
  @Max(64, { message: 'WORKERS must be a whole number from 1 to 64' })
  WORKERS?: number;

  /** After SIGTERM, how long in-flight requests may take before a worker that has not stopped is killed. */
  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_GRACE_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'SHUTDOWN_GRACE_MS must be at least 100' })
  SHUTDOWN_GRACE_MS = 10_000;

  static check(config: WorkersConfig, env: Environment): string[] {
    return (config.WORKERS ?? 1) > 1 && !env.DATABASE_URL
      ? ['WORKERS above 1 needs DATABASE_URL: the embedded database (PGlite) is a file only one process may open']
      : [];
  }
}
