import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { BrowserModule } from './browser/browser.module';
import { ClientsModule } from './clients/clients.module';
import { ClockModule } from './clock/clock.module';
import { KeysModule } from './keys/keys.module';
import { LoginModule } from './login/login.module';
import { MeModule } from './me/me.module';
import { ModerationModule } from './moderation/moderation.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RevocationsModule } from './revocations/revocations.module';
import { RpcModule } from './rpc/rpc.module';
import { SessionsModule } from './sessions/sessions.module';
import { TokensModule } from './tokens/tokens.module';

/**
 * The auth service, provider-neutral: every feature module of the app. Providers (facebook/) plug
 * into LoginModule on top of it; docs/architecture.md draws the modules and what each may import.
 */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    ClockModule,
    AuditModule,
    KeysModule,
    RevocationsModule,
    RateLimitModule,
    AccountsModule,
    SessionsModule,
    TokensModule,
    ClientsModule,
    ModerationModule,
    MeModule,
    LoginModule,
    BrowserModule,
    RpcModule,
  ],
  exports: [
    ClockModule,
    AuditModule,
    AccountsModule,
    SessionsModule,
    TokensModule,
    LoginModule,
    RpcModule,
    RateLimitModule,
  ],
})
export class AuthModule {}
