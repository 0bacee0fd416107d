import { Injectable } from '@nestjs/common';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenGrant } from './token-grant';

/** The grant types POST /auth/token supports; feature modules add theirs at start-up. */
@Injectable()
export class TokenGrantRegistry {
  private readonly grants = new Map<string, TokenGrant>();

  register(grant: TokenGrant): void {
    this.grants.set(grant.grantType, grant);
  }

  get supported(): string[] {
    return [...this.grants.keys()];
  }

  grantFor(grantType: string): TokenGrant {
    const grant = this.grants.get(grantType);
    if (!grant)
      throw new OAuthException('unsupported_grant_type', `grant_type "${grantType.slice(0, 80)}" is not supported`);
    return grant;
  }
}
