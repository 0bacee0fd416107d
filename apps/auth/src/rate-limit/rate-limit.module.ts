import { Module } from '@nestjs/common';
import { CredentialRateLimitGuard } from './credential-rate-limit.guard';
import { CredentialRateLimiter } from './credential-rate-limiter';

/** One credential rate limit for every endpoint that takes one. */
@Module({
  providers: [CredentialRateLimiter, CredentialRateLimitGuard],
  exports: [CredentialRateLimiter, CredentialRateLimitGuard],
})
export class RateLimitModule {}
