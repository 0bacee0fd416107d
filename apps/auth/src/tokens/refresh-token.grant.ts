import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientContext } from '../audit/client-context';
import { SessionService } from '../sessions/session.service';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenGrant, TokenParameters } from './token-grant';
import { TokenGrantRegistry } from './token-grant-registry';
import { TokenIssuer } from './token-issuer';
import type { TokenResponse } from './token-response';

/** RFC 6749 §6: a refresh token for a new access token and the refresh token's successor. */
@Injectable()
export class RefreshTokenGrant implements TokenGrant, OnModuleInit {
  readonly grantType = 'refresh_token';

  constructor(
    private readonly registry: TokenGrantRegistry,
    private readonly sessions: SessionService,
    private readonly tokens: TokenIssuer,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(parameters: TokenParameters, client: ClientContext): Promise<TokenResponse> {
    const presented = parameters.refresh_token;
    if (!presented) throw new OAuthException('invalid_request', 'refresh_token is required');
    if (parameters.scope) throw new OAuthException('invalid_scope', 'a refresh cannot change the scope');
    const { accountId, sessionId, claims, tokensNotBefore, refreshToken } = await this.sessions.rotate(
      presented,
      client,
    );
    return this.tokens.withClaims(accountId, sessionId, refreshToken, claims, tokensNotBefore);
  }
}
