import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment, featureConfigProvider } from '@app/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { LoginModule } from '../login/login.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { DataDeletionRequest } from './data-deletion-request.entity';
import { FacebookAccountService } from './facebook-account.service';
import { FacebookCallbacksController } from './facebook-callbacks.controller';
import { FacebookGraphClient } from './facebook-graph.client';
import { FacebookLoginController } from './facebook-login.controller';
import { FacebookLoginProvider } from './facebook-login.provider';
import { FacebookRpcController } from './facebook-rpc.controller';
import { FacebookSettings } from './facebook-settings';
import { FacebookTokenCipher } from './facebook-token-cipher';
import { FacebookConfig } from './facebook.config';
import { FacebookStrategy } from './facebook.strategy';

/** Facebook login (redirect and SDK flows) on top of the provider-neutral LoginModule, and Facebook's callbacks. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DataDeletionRequest]),
    AuditModule,
    ClockModule,
    LoginModule,
    RateLimitModule,
    SessionsModule,
  ],
  controllers: [FacebookLoginController, FacebookCallbacksController, FacebookRpcController],
  providers: [
    featureConfigProvider(FacebookConfig),
    FacebookSettings,
    FacebookGraphClient,
    FacebookTokenCipher,
    FacebookLoginProvider,
    FacebookAccountService,
    FacebookStrategy,
  ],
  exports: [FacebookSettings, FacebookTokenCipher],
})
export class FacebookModule {
  /**
   * The module, and outside production with no FACEBOOK_APP_ID the development-only emulator,
   * loaded through a dynamic import production never reaches (by a relative path: path aliases are
   * rewritten in static imports only).
   */
  /** Whether the built-in emulator stands in for Facebook: outside production, with no FACEBOOK_APP_ID. */
  static emulated(env: Environment): boolean {
    return env.NODE_ENV !== 'production' && !env.feature(FacebookConfig).FACEBOOK_APP_ID;
  }

  static register(env: Environment): DynamicModule {
    return {
      module: FacebookModule,
      imports: this.emulated(env)
        ? [
            import('../../../../libs/emulators/src/index.js').then(({ FacebookEmulatorModule }) =>
              FacebookEmulatorModule.forRoot(),
            ),
          ]
        : [],
    };
  }
}
