import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { Environment } from '../config/environment';
import { environmentParsers } from '../config/environment';
import { FeatureConfig } from '../config/feature-config';

const { toInt } = environmentParsers;

/** Where this process serves `GET /metrics` (Prometheus): its own listener, never the public port. */
@FeatureConfig()
export class MetricsConfig {
  /** Unset: no metrics listener. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'METRICS_PORT must be an integer TCP port from 1 to 65535' })
  @Min(1, { message: 'METRICS_PORT must be an integer TCP port from 1 to 65535' })
  @Max(65535, { message: 'METRICS_PORT must be an integer TCP port from 1 to 65535' })
  METRICS_PORT?: number;

  /** 127.0.0.1 by default; 0.0.0.0 where a Prometheus in another container scrapes it. */
  @IsString()
  METRICS_HOST = '127.0.0.1';

  static check(config: MetricsConfig, env: Environment): string[] {
    return config.METRICS_PORT !== undefined && config.METRICS_PORT === env.PORT
      ? ['METRICS_PORT must differ from PORT: metrics are never served on the public port']
      : [];
  }
}
