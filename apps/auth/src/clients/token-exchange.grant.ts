import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type AccessTokenClaims, InvalidAccessTokenError } from '@app/security';
import { AuditService } from '../audit/audit.service';
import type { ClientContext } from '../audit/client-context';
import { SessionService } from '../sessions/session.service';
import { AccessTokenService } from '../tokens/access-token.service';
import { LocalAccessTokenVerifier } from '../keys/local-access-token-verifier';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenGrant, TokenParameters } from '../tokens/token-grant';
import { TokenGrantRegistry } from '../tokens/token-grant-registry';
import type { TokenResponse } from '../tokens/token-response';
import { grantedAudience, grantedScopes } from './requested-access';
import { ServiceClientRegistry } from './service-client-registry';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE_URN = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * RFC 8693 on-behalf-of: a service (the authenticated client, the actor) trades the user token it
 * received for one meant for another service, with `act.sub` naming it, the scope narrowed to
 * what the client may delegate, no roles, and no later expiry than the user's token.
 */
@Injectable()
export class TokenExchangeGrant implements TokenGrant, OnModuleInit {
  readonly grantType = TOKEN_EXCHANGE;

  constructor(
    private readonly registry: TokenGrantRegistry,
    private readonly clients: ServiceClientRegistry,
    private readonly verifier: LocalAccessTokenVerifier,
    private readonly sessions: SessionService,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(
    parameters: TokenParameters,
    client: ClientContext,
    authorization: string | undefined,
  ): Promise<TokenResponse> {
    const actor = this.clients.authenticate(parameters, authorization);
    if (!parameters.subject_token) throw new OAuthException('invalid_request', 'subject_token is required');
    if (parameters.subject_token_type !== ACCESS_TOKEN_TYPE_URN) {
      throw new OAuthException('invalid_request', `subject_token_type must be ${ACCESS_TOKEN_TYPE_URN}`);
    }
    if (parameters.requested_token_type && parameters.requested_token_type !== ACCESS_TOKEN_TYPE_URN) {
      throw new OAuthException('invalid_request', 'only access tokens can be requested');
    }
    if (parameters.actor_token)
      throw new OAuthException(
        'invalid_request',
        'the actor is the authenticated client; actor_token is not supported',
      );
    const audience = grantedAudience(parameters, actor.audiences);
    const scopes = grantedScopes(parameters.scope, actor.scopes);
    const subject = await this.liveSubject(parameters.subject_token, actor.id);
    const access = await this.accessTokens.issue({
      subject: subject.sub,
      sessionId: subject.sid,
      roles: [],
      scopes,
      audience,
      actor: { sub: actor.id },
      clientId: actor.id,
      notAfter: subject.exp,
      // Never older than the user's token, which is newer than the account's last revocation.
      notBefore: subject.iat,
    });
    await this.audit.record('token_exchange', {
      accountId: subject.sub,
      sessionId: subject.sid,
      client,
      detail: { actor: actor.id, audience, scopes },
    });
    return {
      access_token: access.token,
      issued_token_type: ACCESS_TOKEN_TYPE_URN,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: scopes.join(' '),
    };
  }

  /** The user's token, verified as meant for the actor, and its session and account still live. */
  private async liveSubject(token: string, actorId: string): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError)
        throw new OAuthException('invalid_grant', `subject_token: ${error.message}`);
      throw error;
    }
    if (!claims.sid || claims.act)
      throw new OAuthException('invalid_grant', 'subject_token must be a user access token');
    if (!claims.aud.includes(actorId))
      throw new OAuthException('invalid_grant', 'subject_token was not issued to this client');
    const refusal = await this.sessions.tokenRefusal(claims);
    if (refusal) throw new OAuthException('invalid_grant', `subject_token: ${refusal}`);
    return claims;
  }
}
