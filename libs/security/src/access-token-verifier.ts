import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims } from './access-token-claims';

export interface AccessTokenVerifierOptions {
  /** The one algorithm accepted (JWT_ALG); anything else is refused before any key is used. */
  algorithm: 'RS256' | 'ES256' | 'EdDSA';
  issuer: string;
  /** This service's name; the token's `aud` must contain it. */
  audience: string;
  /** Resolves the public key for a token's `kid` (a local or remote JWKS). */
  keys: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Why a token was refused; safe to show to the caller. */
export class InvalidAccessTokenError extends Error {
  override readonly name = 'InvalidAccessTokenError';
}

const MAX_TOKEN_LENGTH = 8192;
const CLAIM_FAILURES: Record<string, string> = {
  aud: 'token not meant for this service',
  iss: 'token from another issuer',
  typ: 'not an access token',
  nbf: 'token not yet valid',
  iat: 'token issued in the future',
};
const stringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * Full verification of a platform access token: compact JWS only, pinned algorithm, `kid` from the
 * key set, `typ: at+jwt`, signature, `iss`, `aud`, `exp`/`nbf`/`iat` with small skew, and the
 * claims the platform relies on. Revocation is the caller's second step.
 */
export class AccessTokenVerifier {
  constructor(private readonly options: AccessTokenVerifierOptions) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
      throw new InvalidAccessTokenError('malformed token');
    }
    let payload: JWTPayload;
    try {
      const now = this.options.now?.();
      ({ payload } = await jwtVerify(token, this.options.keys, {
        algorithms: [this.options.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        typ: ACCESS_TOKEN_TYPE,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
        ...(now ? { currentDate: now } : {}),
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new InvalidAccessTokenError('token expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidAccessTokenError(CLAIM_FAILURES[error.claim] ?? 'token rejected');
      if (error instanceof errors.JOSEError) throw new InvalidAccessTokenError('token rejected');
      throw error;
    }
    return this.claimsOf(payload);
  }

  private claimsOf(payload: JWTPayload): AccessTokenClaims {
    const now = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const tolerance = this.options.clockToleranceSeconds ?? 5;
    if (typeof payload.iat !== 'number' || payload.iat > now + tolerance) throw new InvalidAccessTokenError('token issued in the future');
    const roles = payload.roles ?? [];
    const scope = payload.scope ?? '';
    if (!stringArray(roles) || typeof scope !== 'string') throw new InvalidAccessTokenError('malformed claims');
    if (payload.sid !== undefined && typeof payload.sid !== 'string') throw new InvalidAccessTokenError('malformed claims');
    const act = payload.act as { sub?: unknown } | undefined;
    if (act !== undefined && (typeof act !== 'object' || act === null || typeof act.sub !== 'string')) {
      throw new InvalidAccessTokenError('malformed claims');
    }
    return {
      iss: payload.iss!,
      sub: payload.sub!,
      aud: Array.isArray(payload.aud) ? payload.aud : [payload.aud!],
      exp: payload.exp!,
      iat: payload.iat,
      jti: payload.jti!,
      sid: payload.sid as string | undefined,
      roles,
      scopes: scope.split(' ').filter(Boolean),
      act: act ? { sub: act.sub as string } : undefined,
      client_id: typeof payload.client_id === 'string' ? payload.client_id : undefined,
    };
  }
}
