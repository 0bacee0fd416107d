import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { RateLimitConfig } from './rate-limit.config';

/**
 * One budget of AUTH_RATE_LIMIT requests per minute per client across every credential endpoint,
 * counted in PostgreSQL (auth.rate_limits), so every auth process and instance shares it. While the
 * database cannot be reached, each process counts in memory instead of failing the request.
 *
 * rate-limiter-flexible rather than @nestjs/throttler: throttler 6.7 (the latest) is CommonJS
 * requiring the ESM-only @nestjs/common 12, which Jest cannot load on Node 20.
 */
@Injectable()
export class CredentialRateLimiter {
  private readonly limiter: RateLimiterPostgres;

  constructor(config: RateLimitConfig, @InjectDataSource() dataSource: DataSource) {
    const options = { keyPrefix: 'credentials', points: config.AUTH_RATE_LIMIT, duration: 60 };
    this.limiter = new RateLimiterPostgres({
      ...options,
      storeClient: dataSource,
      storeType: 'typeorm',
      schemaName: 'auth',
      tableName: 'rate_limits',
      // Created by the auth migrations, not at run time.
      tableCreated: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }

  /** Counts one request of `client`; rejects with a RateLimiterRes past the budget. */
  consume(client: string): Promise<RateLimiterRes> {
    return this.limiter.consume(client);
  }
}
