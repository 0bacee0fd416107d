/** The claims of a verified access token, as the platform uses them. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  jti: string;
  /** Session (refresh family) the token belongs to; absent for service tokens. */
  sid?: string;
  roles: string[];
  scopes: string[];
  /** RFC 8693 actor: the service acting on the subject's behalf. */
  act?: { sub: string };
  /** The OAuth client the token was issued to (service tokens and exchanged tokens). */
  client_id?: string;
}

export const ACCESS_TOKEN_TYPE = 'at+jwt';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const stringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The one encoding of the claim set as a JWT payload (RFC 9068): `scopes` travel as the
 * space-separated `scope`; optional claims are left out rather than sent empty. Its inverse is
 * {@link decodeAccessTokenClaims}; the issuer, the rotation (through the issuer) and every
 * verifier go through these two.
 */
export function encodeAccessTokenClaims(claims: AccessTokenClaims): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    iss: claims.iss,
    sub: claims.sub,
    aud: claims.aud,
    iat: claims.iat,
    exp: claims.exp,
    jti: claims.jti,
    roles: claims.roles,
    scope: claims.scopes.join(' '),
  };
  if (claims.sid) payload.sid = claims.sid;
  if (claims.act) payload.act = { sub: claims.act.sub };
  if (claims.client_id) payload.client_id = claims.client_id;
  return payload;
}

/**
 * The claim set of a payload whose signature was verified, or undefined when it is not well formed
 * (a required claim missing, a claim of the wrong type). Checks of time, issuer and audience are
 * the verifier's.
 */
export function decodeAccessTokenClaims(payload: Record<string, unknown>): AccessTokenClaims | undefined {
  const { iss, sub, aud, exp, iat, jti, sid, act, client_id: clientId } = payload;
  const roles = payload.roles ?? [];
  const scope = payload.scope ?? '';
  const audiences = typeof aud === 'string' ? [aud] : aud;
  if (
    typeof iss !== 'string' ||
    typeof sub !== 'string' ||
    typeof jti !== 'string' ||
    typeof exp !== 'number' ||
    typeof iat !== 'number'
  )
    return undefined;
  if (!stringArray(audiences) || !stringArray(roles) || typeof scope !== 'string') return undefined;
  if (sid !== undefined && typeof sid !== 'string') return undefined;
  if (act !== undefined && (!isObject(act) || typeof act.sub !== 'string')) return undefined;
  return {
    iss,
    sub,
    aud: audiences,
    exp,
    iat,
    jti,
    sid,
    roles,
    scopes: scope.split(' ').filter(Boolean),
    act: act ? { sub: act.sub as string } : undefined,
    client_id: typeof clientId === 'string' ? clientId : undefined,
  };
}
