import { Controller, Get, Header } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { Environment, Public } from '@app/common';
import { ServiceAudience } from '@app/security';
import { TokenGrantRegistry } from './token-grant-registry';
import { SigningKeyService } from '../keys/signing-key.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ServiceAudience('auth')
@ApiTags('discovery')
@Controller('.well-known')
export class WellKnownController {
  constructor(
    private readonly env: Environment,
    private readonly keys: SigningKeyService,
    private readonly grants: TokenGrantRegistry,
  ) {}

  /** Every public key a live token may have been signed with (several during a rotation). */
  @ApiOperation({ summary: 'The public keys access tokens are signed with (every key still valid during a rotation)' })
  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  jwks(): Promise<JSONWebKeySet> {
    return this.keys.jwks();
  }

  /** OpenID Connect discovery / RFC 8414 authorization server metadata. */
  @ApiOperation({ summary: 'Discovery: issuer, token endpoint, JWKS, supported grants and algorithms' })
  @Get('openid-configuration')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  configuration() {
    const base = this.env.PUBLIC_URL;
    return {
      issuer: this.env.JWT_ISSUER,
      authorization_endpoint: `${base}/auth/facebook`,
      token_endpoint: `${base}/auth/token`,
      revocation_endpoint: `${base}/auth/revoke`,
      userinfo_endpoint: `${base}/auth/me`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: this.grants.supported,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      revocation_endpoint_auth_methods_supported: ['none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [this.env.JWT_ALG],
      access_token_signing_alg_values_supported: [this.env.JWT_ALG],
      scopes_supported: ['openid', 'profile', 'email'],
    };
  }
}
