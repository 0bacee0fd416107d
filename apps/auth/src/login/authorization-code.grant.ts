import { ForbiddenException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import type { ClientContext } from '../audit/client-context';
import { LoginService } from './login.service';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenGrant, TokenParameters } from '../tokens/token-grant';
import { TokenGrantRegistry } from '../tokens/token-grant-registry';
import type { TokenResponse } from '../tokens/token-response';
import { LoginCodeService } from './login-code.service';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636): the SPA redeems the one-time login code. */
@Injectable()
export class AuthorizationCodeGrant implements TokenGrant, OnModuleInit {
  readonly grantType = 'authorization_code';

  constructor(
    private readonly registry: TokenGrantRegistry,
    private readonly codes: LoginCodeService,
    private readonly logins: LoginService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(parameters: TokenParameters, client: ClientContext): Promise<TokenResponse> {
    const { code, code_verifier: verifier, redirect_uri: redirectUri } = parameters;
    if (!code || !verifier || !redirectUri)
      throw new OAuthException('invalid_request', 'code, code_verifier and redirect_uri are required');
    const { accountId, provider } = await this.codes.redeem(code, verifier, redirectUri);
    try {
      return (await this.logins.startSession(accountId, provider, client)).tokens;
    } catch (error) {
      // Only these are about the grant; anything else (the database down) keeps its own answer.
      if (error instanceof ForbiddenException) throw new OAuthException('invalid_grant', 'the account is suspended');
      if (error instanceof NotFoundException) throw new OAuthException('invalid_grant', 'the account no longer exists');
      throw error;
    }
  }
}
