import { type KeyObject, verify as verifySignature } from 'node:crypto';
import type { Environment } from '@app/common';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims, decodeAccessTokenClaims } from './access-token-claims';

export type AccessTokenAlgorithm = Environment['JWT_ALG'];

/**
 * The digest `crypto.sign`/`crypto.verify` take for each algorithm (EdDSA hashes internally).
 * ECDSA signatures are used in JWS's `ieee-p1363` form (r || s), not DER (RFC 7518 §3.4).
 */
export const JWS_DIGESTS: Record<AccessTokenAlgorithm, string | null> = {
  RS256: 'sha256',
  ES256: 'sha256',
  EdDSA: null,
};

/**
 * The key argument of node:crypto's sign and verify for a JWS: ES256 signatures are r || s
 * (ieee-p1363), the others need the KeyObject alone. Passed as `{ key, dsaEncoding }` where it is
 * not needed, Node 24 spends ~10 µs more per call preparing the key (RS256 verify 20 µs -> 31 µs).
 */
export const jwsKeyInput = (algorithm: AccessTokenAlgorithm, key: KeyObject) =>
  algorithm === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;

export interface AccessTokenVerifierOptions {
  /** The one algorithm accepted (JWT_ALG); anything else is refused before any key is used. */
  algorithm: AccessTokenAlgorithm;
  issuer: string;
  /** This service's name; the token's `aud` must contain it. */
  audience: string;
  /** The public key for a token's `kid` (a local or remote JWKS), or undefined when unknown. */
  keys: (kid: string | undefined) => KeyObject | undefined | Promise<KeyObject | undefined>;
  clockToleranceSeconds?: number;
  now?: () => Date;
}

/** Why a token was refused; safe to show to the caller. */
export class InvalidAccessTokenError extends Error {
  override readonly name = 'InvalidAccessTokenError';
}

const MAX_TOKEN_LENGTH = 8192;
/**
 * The signature segment: base64url without padding. Node's decoder would skip other characters and
 * accept `+` and `/`, giving one signature many spellings. The header and payload segments need no
 * such check: the signature covers them character for character.
 */
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const REMEMBERED_HEADERS = 16;
const REQUIRED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'] as const;

/** What each accepted algorithm requires of the key (RFC 7518 §3, RFC 8037). */
const KEY_FITS: Record<AccessTokenAlgorithm, (key: KeyObject) => boolean> = {
  RS256: (key) => key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048,
  ES256: (key) => key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1',
  EdDSA: (key) => key.asymmetricKeyType === 'ed25519',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const refused = (reason: string) => new InvalidAccessTokenError(reason);

/** A base64url JSON object segment of a compact JWS. */
function decodeSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw refused('malformed token');
  }
  if (!isObject(value)) throw refused('malformed token');
  return value;
}

/** RFC 9068 §4: `typ` is "at+jwt", with or without the "application/" prefix, in any case. */
const isAccessTokenType = (typ: unknown) =>
  typeof typ === 'string' && typ.toLowerCase().replace(/^application\//, '') === ACCESS_TOKEN_TYPE;

/**
 * Full verification of a platform access token: compact JWS only, pinned algorithm, no `crit`,
 * `kid` from the key set and a key of the algorithm's type, signature, `typ: at+jwt`, `iss`, `aud`,
 * `exp`/`nbf`/`iat` with small skew, and the claims the platform relies on. Revocation is the
 * caller's second step.
 *
 * jose signs and publishes the keys; the check itself is Node's synchronous `crypto.verify`,
 * because jose verifies through WebCrypto, whose asynchronous round trip costs about three times
 * the signature check on every first-seen token (docs/performance.md, scenario 4).
 */
export class AccessTokenVerifier {
  private readonly keyFits: (key: KeyObject) => boolean;
  private readonly digest: string | null;
  private readonly headers = new Map<string, Record<string, unknown>>();

  constructor(private readonly options: AccessTokenVerifierOptions) {
    this.keyFits = KEY_FITS[options.algorithm];
    this.digest = JWS_DIGESTS[options.algorithm];
  }

  verify(token: string): Promise<AccessTokenClaims> {
    // Not an async function: a known key (every request but the first after a rotation) is checked
    // without a detour through the microtask queue.
    try {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw refused('malformed token');
      // Compact serialization: three non-empty segments (RFC 7515 §7.1).
      const headerEnd = token.indexOf('.');
      const signingInputEnd = token.indexOf('.', headerEnd + 1);
      if (
        headerEnd < 1 ||
        signingInputEnd < headerEnd + 2 ||
        token.indexOf('.', signingInputEnd + 1) !== -1 ||
        !BASE64URL.test(token.slice(signingInputEnd + 1))
      ) {
        throw refused('malformed token');
      }
      const headerSegment = token.slice(0, headerEnd);
      const header = this.headers.get(headerSegment) ?? this.checkedHeader(headerSegment);
      const key = this.options.keys(typeof header.kid === 'string' ? header.kid : undefined);
      if (key instanceof Promise)
        return key.then((found) => this.verifyWith(token, headerSegment, signingInputEnd, header, found));
      return Promise.resolve(this.verifyWith(token, headerSegment, signingInputEnd, header, key));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private checkedHeader(segment: string): Record<string, unknown> {
    const header = decodeSegment(segment);
    // Only the pinned algorithm, and no extension we would have to understand (RFC 7515 §4.1.11).
    if (header.alg !== this.options.algorithm || header.crit !== undefined) throw refused('token rejected');
    if (!isAccessTokenType(header.typ)) throw refused('not an access token');
    return header;
  }

  private verifyWith(
    token: string,
    headerSegment: string,
    signingInputEnd: number,
    header: Record<string, unknown>,
    key: KeyObject | undefined,
  ): AccessTokenClaims {
    if (!key || !this.keyFits(key)) throw refused('token rejected');
    if (!this.signatureHolds(token, signingInputEnd, key)) throw refused('token rejected');
    const claims = this.claimsOf(decodeSegment(token.slice(headerSegment.length + 1, signingInputEnd)));
    this.rememberHeader(headerSegment, header);
    return claims;
  }

  /** Every token signed by one key has the same header: parse and check it once (only headers of valid tokens). */
  private rememberHeader(segment: string, header: Record<string, unknown>): void {
    if (this.headers.has(segment)) return;
    if (this.headers.size >= REMEMBERED_HEADERS) this.headers.clear();
    this.headers.set(segment, header);
  }

  private signatureHolds(token: string, signingInputEnd: number, key: KeyObject): boolean {
    try {
      const signingInput = Buffer.from(token.slice(0, signingInputEnd));
      const signature = Buffer.from(token.slice(signingInputEnd + 1), 'base64url');
      return verifySignature(this.digest, signingInput, jwsKeyInput(this.options.algorithm, key), signature);
    } catch {
      // A signature of the wrong length for the key, for instance.
      return false;
    }
  }

  private claimsOf(payload: Record<string, unknown>): AccessTokenClaims {
    const now = Math.floor((this.options.now ? this.options.now().getTime() : Date.now()) / 1000);
    const tolerance = this.options.clockToleranceSeconds ?? 5;
    if (REQUIRED_CLAIMS.some((claim) => payload[claim] === undefined)) throw refused('malformed claims');
    const claims = decodeAccessTokenClaims(payload);
    const { nbf } = payload;
    if (!claims || (nbf !== undefined && typeof nbf !== 'number')) throw refused('malformed claims');
    if (claims.iss !== this.options.issuer) throw refused('token from another issuer');
    if (!claims.aud.includes(this.options.audience)) throw refused('token not meant for this service');
    if (claims.exp <= now - tolerance) throw refused('token expired');
    if (nbf !== undefined && nbf > now + tolerance) throw refused('token not yet valid');
    if (claims.iat > now + tolerance) throw refused('token issued in the future');
    return claims;
  }
}
