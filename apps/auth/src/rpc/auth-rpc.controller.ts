import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AccessTokenClaims, CurrentUser, Public, ServiceAudience } from '@app/security';
import { AccountService } from '../accounts/account.service';
import { BanService } from '../moderation/ban.service';
import { SessionModeration } from '../moderation/session-moderation.service';
import { AuditService } from '../audit/audit.service';
import { AdminOnly } from './admin-only.decorator';
import { internalClient } from '../audit/client-context';
import { TOKEN_EXCHANGE } from '../clients/token-exchange.grant';
import { OAuthException } from '../shared/oauth.exception';
import { TokenGrantRegistry } from '../tokens/token-grant-registry';
import { tokenParametersOf } from '../tokens/token-parameters';
import { SigningKeyService } from '../keys/signing-key.service';
import { RevocationService } from '../revocations/revocation.service';
import {
  AccountRequest,
  AccountSearchQuery,
  AccountSessionRequest,
  AuditQuery,
  BanRequest,
  RevocationFeedRequest,
  SetRolesRequest,
  AUTH_PATTERNS,
} from '@app/contracts';

const CLIENT_CREDENTIALS = 'client_credentials';

/** The auth app's `auth.*` message patterns. */
@Controller()
@ServiceAudience('auth')
export class AuthRpcController {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly revocations: RevocationService,
    private readonly accounts: AccountService,
    private readonly bans: BanService,
    private readonly grants: TokenGrantRegistry,
    private readonly sessionModeration: SessionModeration,
    private readonly audit: AuditService,
  ) {}

  /** Public, as /.well-known/jwks.json is. */
  @MessagePattern(AUTH_PATTERNS.jwks)
  @Public()
  jwks() {
    return this.keys.jwks();
  }

  /** Public like a certificate revocation list: it names revoked sessions, never a token. */
  @MessagePattern(AUTH_PATTERNS.revocations)
  @Public()
  feed(@Payload() request: RevocationFeedRequest) {
    return this.revocations.feed(request?.after);
  }

  /** Service grants over RPC: client_credentials and token exchange (client credentials in the payload). */
  @MessagePattern(AUTH_PATTERNS.token)
  @Public()
  token(@Payload() payload: unknown) {
    const parameters = tokenParametersOf(payload);
    if (parameters.grant_type !== CLIENT_CREDENTIALS && parameters.grant_type !== TOKEN_EXCHANGE) {
      throw new OAuthException(
        'unsupported_grant_type',
        'over RPC only client_credentials and token exchange are offered',
      );
    }
    return this.grants.grantFor(parameters.grant_type).handle(parameters, internalClient(), undefined);
  }

  @MessagePattern(AUTH_PATTERNS.getAccount)
  @AdminOnly()
  account(@Payload() request: AccountRequest) {
    return this.accounts.view(request.accountId);
  }

  /** Ends every session at once; access tokens stop working at every service within 2 s. */
  @MessagePattern(AUTH_PATTERNS.banAccount)
  @AdminOnly()
  ban(@Payload() request: BanRequest, @CurrentUser() admin: AccessTokenClaims) {
    return this.bans.ban(request.accountId, request.reason, admin.sub);
  }

  @MessagePattern(AUTH_PATTERNS.unbanAccount)
  @AdminOnly()
  unban(@Payload() request: AccountRequest, @CurrentUser() admin: AccessTokenClaims) {
    return this.bans.unban(request.accountId, admin.sub);
  }

  @MessagePattern(AUTH_PATTERNS.setRoles)
  @AdminOnly()
  setRoles(@Payload() request: SetRolesRequest, @CurrentUser() admin: AccessTokenClaims) {
    return this.accounts.setRoles(request.accountId, request.roles, admin.sub);
  }

  @MessagePattern(AUTH_PATTERNS.searchAccounts)
  @AdminOnly()
  search(@Payload() request: AccountSearchQuery) {
    return this.accounts.search(request.query);
  }

  @MessagePattern(AUTH_PATTERNS.accountSessions)
  @AdminOnly()
  sessions(@Payload() request: AccountRequest) {
    return this.sessionModeration.list(request.accountId);
  }

  /** Its tokens are refused at every service within 2 s, as after the owner's own revocation. */
  @MessagePattern(AUTH_PATTERNS.endAccountSession)
  @AdminOnly()
  endSession(@Payload() request: AccountSessionRequest, @CurrentUser() admin: AccessTokenClaims) {
    return this.sessionModeration.end(request.accountId, request.sessionId, admin.sub).then(() => ({ ended: 1 }));
  }

  @MessagePattern(AUTH_PATTERNS.endAccountSessions)
  @AdminOnly()
  endSessions(@Payload() request: AccountRequest, @CurrentUser() admin: AccessTokenClaims) {
    return this.sessionModeration.endAll(request.accountId, admin.sub);
  }

  @MessagePattern(AUTH_PATTERNS.audit)
  @AdminOnly()
  auditLog(@Payload() request: AuditQuery) {
    return this.audit.page(request);
  }
}
