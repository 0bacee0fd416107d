import { type DynamicModule, Module } from '@nestjs/common';
import { Environment, featureConfigProvider } from '@app/common';
import { LoginModule } from '../login/login.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { GoogleLoginController } from './google-login.controller';
import { GoogleLoginProvider } from './google-login.provider';
import { GoogleOpenIdClient } from './google-openid.client';
import { GoogleSettings } from './google-settings';
import { GoogleConfig } from './google.config';

/** Google sign-in (OpenID Connect: redirect flow and Google Identity Services) on the provider-neutral LoginModule. */
@Module({
  imports: [LoginModule, RateLimitModule],
  controllers: [GoogleLoginController],
  providers: [featureConfigProvider(GoogleConfig), GoogleSettings, GoogleOpenIdClient, GoogleLoginProvider],
})
export class GoogleModule {
  /**
   * The module, and outside production with no GOOGLE_CLIENT_ID the development-only emulator,
   * loaded through a dynamic import production never reaches (by a relative path: path aliases are
   * rewritten in static imports only).
   */
  /** Whether the built-in emulator stands in for Google: outside production, with no GOOGLE_CLIENT_ID. */
  static emulated(env: Environment): boolean {
    return env.NODE_ENV !== 'production' && !env.feature(GoogleConfig).GOOGLE_CLIENT_ID;
  }

  static register(env: Environment): DynamicModule {
    return {
      module: GoogleModule,
      imports: this.emulated(env)
        ? [
            import('../../../../libs/emulators/src/index.js').then(({ GoogleEmulatorModule }) =>
              GoogleEmulatorModule.forRoot(),
            ),
          ]
        : [],
    };
  }
}
