import { Injectable } from '@nestjs/common';
import { AccountService } from '../accounts/account.service';
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
    const { roles, scopes } = await this.accounts.claimsOf(accountId);
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
