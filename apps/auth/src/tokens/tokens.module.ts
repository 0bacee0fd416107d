import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { KeysModule } from '../keys/keys.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccessTokenService } from './access-token.service';
import { RefreshTokenGrant } from './refresh-token.grant';
import { TokenGrantRegistry } from './token-grant-registry';
import { TokenIssuer } from './token-issuer';
import { TokenController } from './token.controller';
import { WellKnownController } from './well-known.controller';

/** The token endpoint and its registry of grants (other modules add theirs), access tokens, discovery. */
@Module({
  imports: [AccountsModule, AuditModule, ClockModule, KeysModule, RateLimitModule, SessionsModule],
  controllers: [TokenController, WellKnownController],
  providers: [AccessTokenService, TokenIssuer, TokenGrantRegistry, RefreshTokenGrant],
  exports: [AccessTokenService, TokenIssuer, TokenGrantRegistry],
})
export class TokensModule {}
