import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import { environmentParsers, FeatureConfig } from '@app/common';

const { toInt, toList, seconds } = environmentParsers;

/** The auth app's access tokens: their lifetime, audiences, and where their signing keys live. */
@FeatureConfig()
export class AccessTokensConfig {
  @Transform(toInt)
  @IsInt(seconds('ACCESS_TOKEN_TTL'))
  @Min(1, seconds('ACCESS_TOKEN_TTL'))
  ACCESS_TOKEN_TTL = 900;

  /** Every service a user's access token is meant for; each service checks that its own name is there. */
  @Transform(toList)
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, {
    each: true,
    message: 'TOKEN_AUDIENCES must be a comma-separated list of service names',
  })
  TOKEN_AUDIENCES: string[] = ['gateway', 'auth', 'orders', 'inventory'];

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'JWT_KEYS_DIR must be a directory path' })
  JWT_KEYS_DIR = '.data/keys';
}
