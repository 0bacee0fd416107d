import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequestPayload {
  user_id: string;
  algorithm: string;
  issued_at?: number;
}

export class InvalidSignedRequestError extends Error {
  override readonly name = 'InvalidSignedRequestError';
}

export interface SignedRequestFreshness {
  /** Epoch seconds. */
  now: number;
  /** FACEBOOK_SIGNED_REQUEST_MAX_AGE: older requests are refused, so a captured one cannot be replayed for ever. */
  maxAgeSeconds: number;
}

/** Clocks differ a little between Facebook and us. */
const FUTURE_SKEW_SECONDS = 60;

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Facebook's `signed_request`: `<signature>.<payload>`, both base64url, the signature an
 * HMAC-SHA256 of the encoded payload with the app secret, `issued_at` within `maxAgeSeconds` and
 * not (beyond a minute's skew) in the future. Anything else is refused.
 */
export function parseSignedRequest(
  signedRequest: unknown,
  appSecret: string,
  freshness: SignedRequestFreshness,
): SignedRequestPayload {
  if (typeof signedRequest !== 'string' || signedRequest.length > 4096)
    throw new InvalidSignedRequestError('signed_request is missing');
  const parts = signedRequest.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]) || !B64URL.test(parts[1]))
    throw new InvalidSignedRequestError('signed_request is malformed');
  const [encodedSignature, encodedPayload] = parts;
  const expected = createHmac('sha256', appSecret).update(encodedPayload).digest();
  const presented = Buffer.from(encodedSignature, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new InvalidSignedRequestError('signed_request signature does not match');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSignedRequestError('signed_request payload is not JSON');
  }
  const candidate = payload as Partial<SignedRequestPayload>;
  if (typeof candidate?.algorithm !== 'string' || candidate.algorithm.toUpperCase() !== 'HMAC-SHA256') {
    throw new InvalidSignedRequestError('signed_request algorithm must be HMAC-SHA256');
  }
  if (typeof candidate.user_id !== 'string' || !/^\d{1,32}$/.test(candidate.user_id)) {
    throw new InvalidSignedRequestError('signed_request has no user_id');
  }
  if (typeof candidate.issued_at !== 'number' || !Number.isFinite(candidate.issued_at)) {
    throw new InvalidSignedRequestError('signed_request has no issued_at');
  }
  if (candidate.issued_at < freshness.now - freshness.maxAgeSeconds)
    throw new InvalidSignedRequestError('signed_request is too old');
  if (candidate.issued_at > freshness.now + FUTURE_SKEW_SECONDS)
    throw new InvalidSignedRequestError('signed_request is issued in the future');
  return candidate as SignedRequestPayload;
}

/** Builds a signed_request as Facebook does (for the emulator and tests). */
export function signRequest(payload: object, appSecret: string): string {
  const encodedPayload = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', appSecret).update(encodedPayload).digest('base64url')}.${encodedPayload}`;
}
