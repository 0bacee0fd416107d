import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  Optional,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddressOf, PlatformMetrics } from '@app/common';
import { CredentialRateLimiter } from './credential-rate-limiter';

/**
 * The credential endpoints' rate limit (see {@link CredentialRateLimiter}), keyed by the client as
 * the public origin saw it: in split mode the address the gateway signed, never a client's own
 * X-Forwarded-For.
 */
@Injectable()
export class CredentialRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: CredentialRateLimiter,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    try {
      const state = await this.limiter.consume(clientAddressOf(request));
      response.setHeader('RateLimit-Remaining', String(state.remainingPoints));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.metrics?.rateLimitRefusals.inc();
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw new HttpException(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'too many requests; retry after the delay in Retry-After',
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
