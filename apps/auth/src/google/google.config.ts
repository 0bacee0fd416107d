import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Min, MinLength } from 'class-validator';
import { type Environment, environmentParsers, FeatureConfig } from '@app/common';

const { toInt, httpUrl } = environmentParsers;

/** Plain http only to this machine (an emulator or a test issuer); anywhere else the issuer is https. */
const LOOPBACK_HTTP = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/** Google sign-in (OpenID Connect): validated at start-up by the processes that load the google module. */
@FeatureConfig()
export class GoogleConfig {
  /** Unset outside production: the built-in emulator (libs/emulators) stands in for Google. */
  @IsOptional()
  @Matches(/^[\w.-]{1,256}$/, { message: 'GOOGLE_CLIENT_ID must be an OAuth client id (…apps.googleusercontent.com)' })
  GOOGLE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'GOOGLE_CLIENT_SECRET must be the OAuth client secret (at least 16 characters)' })
  GOOGLE_CLIENT_SECRET?: string;

  /** Endpoints and keys come from `<issuer>/.well-known/openid-configuration`. */
  @IsUrl(httpUrl, { message: 'GOOGLE_ISSUER_URL must be an absolute http(s) URL' })
  GOOGLE_ISSUER_URL = 'https://accounts.google.com';

  @Transform(toInt)
  @IsInt({ message: 'GOOGLE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'GOOGLE_TIMEOUT_MS must be at least 100' })
  GOOGLE_TIMEOUT_MS = 5000;

  static check(config: GoogleConfig, env: Environment): string[] {
    const problems: string[] = [];
    if (config.GOOGLE_CLIENT_ID && !config.GOOGLE_CLIENT_SECRET)
      problems.push('GOOGLE_CLIENT_SECRET is required when GOOGLE_CLIENT_ID is set');
    if (!config.GOOGLE_CLIENT_ID && env.NODE_ENV === 'production')
      problems.push(
        'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required when NODE_ENV=production (the Google emulator is for development only)',
      );
    if (
      !config.GOOGLE_ISSUER_URL.startsWith('https://') &&
      (env.NODE_ENV === 'production' || !LOOPBACK_HTTP.test(config.GOOGLE_ISSUER_URL))
    )
      problems.push('GOOGLE_ISSUER_URL must be https (plain http only to this machine, outside production)');
    return problems;
  }
}
