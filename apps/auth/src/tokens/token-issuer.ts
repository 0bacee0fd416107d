import { Injectable } from '@nestjs/common';
import { type AccountClaims, AccountService } from '../accounts/account.service';
import { AccessTokenService } from './access-token.service';
import type { TokenResponse } from './token-response';

/** Builds the token response of a user session from the account's current claims. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly accounts: AccountService,
    private readonly accessTokens: AccessTokenService,
  ) {}

  async forSession(accountId: string, sessionId: string, refreshToken: string): Promise<TokenResponse> {
    return this.withClaims(accountId, sessionId, refreshToken, await this.accounts.claimsOf(accountId));
  }

  /** For a caller that read the claims already (rotation reads them in its own statement). */
  async withClaims(accountId: string, sessionId: string, refreshToken: string, { roles, scopes }: AccountClaims): Promise<TokenResponse> {
    const access = await this.accessTokens.issue({ subject: accountId, sessionId, roles, scopes });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    };
  }
}
