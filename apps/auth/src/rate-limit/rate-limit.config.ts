import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { environmentParsers, FeatureConfig } from '@app/common';

const limit = { message: 'AUTH_RATE_LIMIT must be an integer >= 1 (requests per minute)' };

@FeatureConfig()
export class RateLimitConfig {
  /** Requests per minute per client across every credential endpoint. */
  @Transform(environmentParsers.toInt)
  @IsInt(limit)
  @Min(1, limit)
  AUTH_RATE_LIMIT = 30;
}
