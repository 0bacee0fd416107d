import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { LinkingModule } from '../linking/linking.module';
import { ClockModule } from '../clock/clock.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { LoginCode } from './login-code.entity';
import { LoginCodeService } from './login-code.service';
import { LoginStateCookie } from './login-state-cookie';
import { LoginService } from './login.service';
import { RedirectLogin } from './redirect-login';
import { featureConfigProvider } from '@app/common';
import { LoginConfig } from './login.config';

/**
 * Provider-neutral login: admission of a provider-verified identity, the login-state cookie that
 * binds a redirect flow to its browser, the redirect flow's two provider-neutral halves (with
 * links), one-time login codes and their grant. A provider is a module that imports this one and
 * supplies a LoginProvider.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([LoginCode]),
    AccountsModule,
    AuditModule,
    ClockModule,
    LinkingModule,
    SessionsModule,
    TokensModule,
  ],
  providers: [
    LoginService,
    LoginCodeService,
    LoginStateCookie,
    RedirectLogin,
    AuthorizationCodeGrant,
    featureConfigProvider(LoginConfig),
  ],
  exports: [LoginService, LoginStateCookie, RedirectLogin],
})
export class LoginModule {}
