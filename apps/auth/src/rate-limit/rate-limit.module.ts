import { Module } from '@nestjs/common';
import { CredentialRateLimitGuard } from './credential-rate-limit.guard';
import { CredentialRateLimiter } from './credential-rate-limiter';
import { featureConfigProvider } from '@app/common';
import { RateLimitConfig } from './rate-limit.config';

/** One credential rate limit for every endpoint that takes one. */
@Module({
  providers: [CredentialRateLimiter, CredentialRateLimitGuard, featureConfigProvider(RateLimitConfig)],
  exports: [CredentialRateLimiter, CredentialRateLimitGuard],
})
export class RateLimitModule {}
