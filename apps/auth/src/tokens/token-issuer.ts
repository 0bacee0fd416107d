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

  /** `refreshToken` undefined: an access token alone (a browser session's, minted for the gateway). */
  async forSession(
    accountId: string,
    sessionId: string,
    refreshToken: string | undefined,
    tokensNotBefore: Date | null,
  ): Promise<TokenResponse> {
    return this.withClaims(
      accountId,
      sessionId,
      refreshToken,
      await this.accounts.claimsOf(accountId),
      tokensNotBefore,
    );
  }

  /** For a caller that read the claims already (rotation reads them in its own statement). */
  async withClaims(
    accountId: string,
    sessionId: string,
    refreshToken: string | undefined,
    { roles, scopes }: AccountClaims,
    tokensNotBefore: Date | null,
  ): Promise<TokenResponse> {
    const notBefore = tokensNotBefore ? Math.ceil(tokensNotBefore.getTime() / 1000) : undefined;
    const access = await this.accessTokens.issue({ subject: accountId, sessionId, roles, scopes, notBefore });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(scopes.length ? { scope: scopes.join(' ') } : {}),
    };
  }
}
