import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { ClientContext } from '../audit/client-context';
import { AccessTokenService } from '../tokens/access-token.service';
import type { TokenGrant, TokenParameters } from '../tokens/token-grant';
import { TokenGrantRegistry } from '../tokens/token-grant-registry';
import type { TokenResponse } from '../tokens/token-response';
import { grantedAudience, grantedScopes } from './requested-access';
import { ServiceClientRegistry } from './service-client-registry';
import { ROLES } from '@app/contracts';

/** RFC 6749 §4.4: a service's own token, for its allowed audiences and scopes. */
@Injectable()
export class ClientCredentialsGrant implements TokenGrant, OnModuleInit {
  readonly grantType = 'client_credentials';

  constructor(
    private readonly registry: TokenGrantRegistry,
    private readonly clients: ServiceClientRegistry,
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
    const service = this.clients.authenticate(parameters, authorization);
    const audience = grantedAudience(parameters, service.audiences);
    const scopes = grantedScopes(parameters.scope, service.scopes);
    const access = await this.accessTokens.issue({
      subject: service.id,
      clientId: service.id,
      roles: [ROLES.service],
      scopes,
      audience,
    });
    await this.audit.record('client_credentials', { client, detail: { clientId: service.id, audience, scopes } });
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope: scopes.join(' ') };
  }
}
