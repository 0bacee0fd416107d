import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountService } from './accounts/account.service';
import { MeController } from './accounts/me.controller';
import { AuditService } from './audit/audit.service';
import { ClientCredentialsGrant } from './clients/client-credentials.grant';
import { ServiceClientRegistry } from './clients/service-client-registry';
import { TokenExchangeGrant } from './clients/token-exchange.grant';
import { authEntities } from './auth.database';
import { LiveSessionGuard } from './bearer/live-session.guard';
import { BrowserSessionRpcController } from './browser/browser-session-rpc.controller';
import { BrowserSessionController } from './browser/browser-session.controller';
import { BrowserSessionService } from './browser/browser-session.service';
import { Clock } from './clock/clock';
import { SigningKeyService } from './keys/signing-key.service';
import { WellKnownController } from './keys/well-known.controller';
import { LoginService } from './login/login.service';
import { CredentialRateLimitGuard } from './rate-limit/credential-rate-limit.guard';
import { CredentialRateLimiter } from './rate-limit/credential-rate-limiter';
import { RevocationService } from './revocations/revocation.service';
import { AuthRpcController } from './rpc/auth-rpc.controller';
import { LocalAuthDirectory } from './rpc/local-auth-directory';
import { LogoutController } from './sessions/logout.controller';
import { SessionCleanupJob } from './sessions/session-cleanup.job';
import { SessionService } from './sessions/session.service';
import { SessionsController } from './sessions/sessions.controller';
import { AccessTokenService } from './tokens/access-token.service';
import { LocalAccessTokenVerifier } from './tokens/local-access-token-verifier';
import { RefreshTokenGrant } from './tokens/refresh-token.grant';
import { TokenGrantRegistry } from './tokens/token-grant-registry';
import { TokenIssuer } from './tokens/token-issuer';
import { TokenController } from './tokens/token.controller';

/** The auth service: accounts, logins, claims, signing keys, tokens, sessions and revocations. */
@Module({
  imports: [
    TypeOrmModule.forFeature(authEntities),
    ScheduleModule.forRoot(),
  ],
  controllers: [AuthRpcController, BrowserSessionRpcController, TokenController, LogoutController, SessionsController, BrowserSessionController, MeController, WellKnownController],
  providers: [
    Clock,
    AuditService,
    SigningKeyService,
    AccessTokenService,
    LocalAccessTokenVerifier,
    RevocationService,
    SessionService,
    AccountService,
    TokenIssuer,
    BrowserSessionService,
    TokenGrantRegistry,
    RefreshTokenGrant,
    LoginService,
    LiveSessionGuard,
    LocalAuthDirectory,
    CredentialRateLimiter,
    CredentialRateLimitGuard,
    SessionCleanupJob,
    ServiceClientRegistry,
    ClientCredentialsGrant,
    TokenExchangeGrant,
  ],
  exports: [CredentialRateLimiter, CredentialRateLimitGuard, ServiceClientRegistry, LocalAuthDirectory, LoginService, AccountService, SessionService, RevocationService, SigningKeyService, TokenGrantRegistry, TokenIssuer, AccessTokenService, Clock, AuditService],
})
export class AuthModule {}
