import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { type Environment, environmentParsers, FeatureConfig } from '@app/common';

const { toBool } = environmentParsers;

/** The admin console at `/admin`: on by default outside production, only when enabled in it. */
@FeatureConfig()
export class AdminConsoleConfig {
  /** Unset: on outside production, off in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'ADMIN_CONSOLE must be true or false' })
  ADMIN_CONSOLE?: boolean;

  static enabled(config: AdminConsoleConfig, env: Environment): boolean {
    return config.ADMIN_CONSOLE ?? env.NODE_ENV !== 'production';
  }

  /** Turned on by hand, it must be able to sign in: a login may only return to ALLOWED_REDIRECT_URIS. */
  static check(config: AdminConsoleConfig, env: Environment): string[] {
    const returnTo = `${env.PUBLIC_URL}/admin`;
    return config.ADMIN_CONSOLE === true && !env.ALLOWED_REDIRECT_URIS?.includes(returnTo)
      ? [`ADMIN_CONSOLE=true needs ${returnTo} in ALLOWED_REDIRECT_URIS: the console's sign-in returns there`]
      : [];
  }
}
