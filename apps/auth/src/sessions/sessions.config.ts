import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { environmentParsers, FeatureConfig } from '@app/common';

const { toInt, seconds } = environmentParsers;
const reuse = { message: 'REFRESH_REUSE_INTERVAL must be a whole number of seconds from 0 to 300' };
const cap = { message: 'MAX_SESSIONS_PER_ACCOUNT must be an integer >= 1' };

/** Sessions: their idle and absolute lifetimes, the refresh reuse interval, the cap, the retention. */
@FeatureConfig()
export class SessionsConfig {
  @Transform(toInt)
  @IsInt(seconds('REFRESH_TOKEN_TTL'))
  @Min(1, seconds('REFRESH_TOKEN_TTL'))
  REFRESH_TOKEN_TTL = 30 * 24 * 3600;

  @Transform(toInt)
  @IsInt(seconds('REFRESH_TOKEN_MAX_AGE'))
  @Min(1, seconds('REFRESH_TOKEN_MAX_AGE'))
  REFRESH_TOKEN_MAX_AGE = 90 * 24 * 3600;

  /** Seconds after a rotation in which the rotated token may be presented again (two tabs, a retry); 0 = never. */
  @Transform(toInt)
  @IsInt(reuse)
  @Min(0, reuse)
  @Max(300, reuse)
  REFRESH_REUSE_INTERVAL = 10;

  @Transform(toInt)
  @IsInt(cap)
  @Min(1, cap)
  MAX_SESSIONS_PER_ACCOUNT = 10;

  @Transform(toInt)
  @IsInt(seconds('SESSION_RETENTION'))
  @Min(1, seconds('SESSION_RETENTION'))
  SESSION_RETENTION = 7 * 24 * 3600;
}
