import { Controller, ForbiddenException, NotFoundException } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { type AccessTokenClaims, CurrentUser, Roles, Scopes, ServiceAudience } from '@app/security';
import { Login } from '../accounts/login.entity';
import { AccountRequest, AUTH_PATTERNS, ROLES, SCOPES } from '@app/contracts';
import { FACEBOOK } from './facebook-login.provider';
import { FacebookTokenCipher } from './facebook-token-cipher';

/**
 * `auth.facebook.token`: the user's long-lived Facebook token, for an internal service that must
 * call the Graph API on their behalf. Only with FACEBOOK_TOKEN_KEY set, and only for a service
 * token (client_credentials) granted the `facebook:token` scope.
 */
@Controller()
@ServiceAudience('auth')
export class FacebookRpcController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: FacebookTokenCipher,
  ) {}

  @MessagePattern(AUTH_PATTERNS.facebookToken)
  @Roles(ROLES.service)
  @Scopes(SCOPES.facebookToken)
  async facebookToken(@Payload() request: AccountRequest, @CurrentUser() caller: AccessTokenClaims) {
    if (caller.sid || caller.act || !caller.client_id)
      throw new ForbiddenException('only a service token may obtain Facebook tokens');
    if (!this.cipher.enabled)
      throw new NotFoundException('Facebook tokens are not kept (FACEBOOK_TOKEN_KEY is not set)');
    const login = await this.dataSource
      .getRepository(Login)
      .findOneBy({ accountId: request.accountId, provider: FACEBOOK });
    if (!login?.tokenCiphertext || (login.tokenExpiresAt && login.tokenExpiresAt <= new Date())) {
      throw new NotFoundException('no live Facebook token for this account');
    }
    return {
      access_token: this.cipher.decrypt(login.tokenCiphertext, `${FACEBOOK}:${login.providerUserId}`),
      expires_at: login.tokenExpiresAt?.toISOString() ?? null,
    };
  }
}
