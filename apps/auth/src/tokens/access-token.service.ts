import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Environment } from '@app/common';
import { ACCESS_TOKEN_TYPE, encodeAccessTokenClaims, signCompactJws } from '@app/security';
import { Clock } from '../clock/clock';
import { SigningKeyService } from '../keys/signing-key.service';
import { AccessTokensConfig } from '../shared/access-tokens.config';

export interface AccessTokenRequest {
  subject: string;
  sessionId?: string;
  roles: string[];
  scopes: string[];
  audience?: string[];
  /** Seconds; defaults to ACCESS_TOKEN_TTL. */
  lifetime?: number;
  /** Latest allowed `exp` (e.g. the subject token's in a token exchange). */
  notAfter?: number;
  /** Earliest `iat`, epoch seconds: the subject's last account-wide revocation (see RevocationService). */
  notBefore?: number;
  actor?: { sub: string };
  clientId?: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  jti: string;
}

/** Signs access tokens (RFC 9068 shape). Never puts a provider token or secret in a payload. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly env: Environment,
    private readonly config: AccessTokensConfig,
    private readonly keys: SigningKeyService,
    private readonly clock: Clock,
  ) {}

  async issue(request: AccessTokenRequest): Promise<IssuedAccessToken> {
    const key = await this.keys.activeKey();
    const iat = Math.max(Math.floor(this.clock.now().getTime() / 1000), request.notBefore ?? 0);
    let exp = iat + (request.lifetime ?? this.config.ACCESS_TOKEN_TTL);
    if (request.notAfter !== undefined) exp = Math.min(exp, request.notAfter);
    const jti = randomUUID();
    const payload = encodeAccessTokenClaims({
      iss: this.env.JWT_ISSUER!,
      sub: request.subject,
      aud: request.audience ?? this.config.TOKEN_AUDIENCES,
      iat,
      exp,
      jti,
      sid: request.sessionId,
      roles: request.roles,
      scopes: request.scopes,
      act: request.actor,
      client_id: request.clientId,
    });
    const token = await signCompactJws(key.alg, key.privateKey, { kid: key.kid, typ: ACCESS_TOKEN_TYPE }, payload);
    return { token, expiresIn: exp - iat, jti };
  }
}
