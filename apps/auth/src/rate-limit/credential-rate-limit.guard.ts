import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { Environment } from '@app/common';

/**
 * AUTH_RATE_LIMIT requests per minute per client IP on credential endpoints, across all of them.
 * The IP is Express's `req.ip`, which honours X-Forwarded-For only when TRUST_PROXY is set.
 *
 * rate-limiter-flexible rather than @nestjs/throttler: throttler 6.7 (the latest) is CommonJS
 * requiring the ESM-only @nestjs/common 12, which Jest cannot load on Node 20.
 */
@Injectable()
export class CredentialRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterMemory;

  constructor(env: Environment) {
    this.limiter = new RateLimiterMemory({ keyPrefix: 'credentials', points: env.AUTH_RATE_LIMIT, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    try {
      const state = await this.limiter.consume(request.ip ?? 'unknown');
      response.setHeader('RateLimit-Remaining', String(state.remainingPoints));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: 'too many requests; retry after the delay in Retry-After' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
