import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Min, MinLength } from 'class-validator';
import { type Environment, environmentParsers, FeatureConfig } from '@app/common';

const { toInt, toList, httpUrl, seconds } = environmentParsers;

/** The Facebook login's settings: validated at start-up by the processes that load the facebook module. */
@FeatureConfig()
export class FacebookConfig {
  /** Unset outside production: the built-in emulator (libs/emulators) stands in for Facebook. */
  @IsOptional()
  @Matches(/^\d{1,32}$/, { message: 'FACEBOOK_APP_ID must be the numeric Facebook app id' })
  FACEBOOK_APP_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'FACEBOOK_APP_SECRET must be the Facebook app secret (at least 16 characters)' })
  FACEBOOK_APP_SECRET?: string;

  @IsUrl(httpUrl, { message: 'FACEBOOK_GRAPH_URL must be an absolute http(s) URL' })
  FACEBOOK_GRAPH_URL = 'https://graph.facebook.com/v23.0';

  @IsUrl(httpUrl, { message: 'FACEBOOK_DIALOG_URL must be an absolute http(s) URL' })
  FACEBOOK_DIALOG_URL = 'https://www.facebook.com/v23.0/dialog/oauth';

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$|^[0-9a-fA-F]{64}$/, {
    message: 'FACEBOOK_TOKEN_KEY must be a 256-bit key: 64 hex characters or 44 base64 characters',
  })
  FACEBOOK_TOKEN_KEY?: string;

  @Transform(toInt)
  @IsInt(seconds('FACEBOOK_SIGNED_REQUEST_MAX_AGE'))
  @Min(1, seconds('FACEBOOK_SIGNED_REQUEST_MAX_AGE'))
  FACEBOOK_SIGNED_REQUEST_MAX_AGE = 86400;

  @Transform(toInt)
  @IsInt({ message: 'FACEBOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'FACEBOOK_TIMEOUT_MS must be at least 100' })
  FACEBOOK_TIMEOUT_MS = 5000;

  @Transform(toList)
  @Matches(/^\d{1,32}$/, {
    each: true,
    message: 'ADMIN_FACEBOOK_IDS must be a comma-separated list of numeric Facebook user ids',
  })
  ADMIN_FACEBOOK_IDS: string[] = [];

  static check(config: FacebookConfig, env: Environment): string[] {
    if (config.FACEBOOK_APP_ID && !config.FACEBOOK_APP_SECRET)
      return ['FACEBOOK_APP_SECRET is required when FACEBOOK_APP_ID is set'];
    if (!config.FACEBOOK_APP_ID && env.NODE_ENV === 'production') {
      return [
        'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required when NODE_ENV=production (the Facebook emulator is for development only)',
      ];
    }
    return [];
  }
}
