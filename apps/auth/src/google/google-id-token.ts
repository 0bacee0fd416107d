import { timingSafeEqual } from 'node:crypto';
import { errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GoogleRejectedError, GoogleUnavailableError } from './google-errors';

/** Google signs ID tokens with RS256 only; anything else (`none`, HS256 with the public key) is refused. */
export const ID_TOKEN_ALGORITHMS = ['RS256'];
/** Seconds of clock difference tolerated on `exp`, `iat` and `nbf`. */
export const ID_TOKEN_CLOCK_TOLERANCE = 30;

export interface GoogleIdTokenClaims extends JWTPayload {
  sub: string;
  azp?: string;
  nonce?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface IdTokenExpectations {
  /** The issuer from the discovery document. */
  issuer: string;
  clientId: string;
  /** The issuer's JWKS (jose's remote set: cached, refetched on an unknown `kid`, bounded). */
  keys: JWTVerifyGetKey;
  /** The nonce bound to this browser's login; required when given. */
  nonce?: string;
  /** Refuse tokens issued longer ago than this (seconds). */
  maxAge?: number;
}

/** Google's ID tokens say `https://accounts.google.com` or `accounts.google.com`; both are its issuer. */
export function issuerSpellings(issuer: string): string[] {
  const url = new URL(issuer);
  return url.protocol === 'https:' && (url.pathname === '/' || url.pathname === '') && !issuer.endsWith('/')
    ? [issuer, url.host]
    : [issuer];
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Verifies an ID token completely: the signature by one of the issuer's keys with an allowed
 * algorithm, `iss`, `aud` = our client id, `azp` (when present) = our client id, `exp`/`iat`/`nbf`
 * within a small skew, `sub` present, and `nonce` when the login has one. Failures are
 * GoogleRejectedError; a JWKS that cannot be fetched is GoogleUnavailableError.
 */
export async function verifyGoogleIdToken(token: string, expected: IdTokenExpectations): Promise<GoogleIdTokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, expected.keys, {
      algorithms: ID_TOKEN_ALGORITHMS,
      issuer: issuerSpellings(expected.issuer),
      audience: expected.clientId,
      clockTolerance: ID_TOKEN_CLOCK_TOLERANCE,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      ...(expected.maxAge ? { maxTokenAge: expected.maxAge } : {}),
    }));
  } catch (error) {
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
      throw new GoogleUnavailableError('Google’s keys could not be fetched');
    if (error instanceof errors.JOSEError) throw new GoogleRejectedError(`the ID token is not valid (${error.code})`);
    if (error instanceof TypeError) throw new GoogleUnavailableError('Google’s keys could not be fetched');
    throw error;
  }
  const claims = payload as GoogleIdTokenClaims;
  if (typeof claims.sub !== 'string' || !claims.sub) throw new GoogleRejectedError('the ID token has no subject');
  if (claims.azp !== undefined && claims.azp !== expected.clientId)
    throw new GoogleRejectedError('the ID token was issued to another client (azp)');
  if (expected.nonce !== undefined && (typeof claims.nonce !== 'string' || !sameText(claims.nonce, expected.nonce)))
    throw new GoogleRejectedError('the ID token’s nonce is not this login’s');
  return claims;
}
