import { sign } from 'node:crypto';
import type { JWK } from 'jose';
import { loadEnvironment } from '@app/common';
import {
  AuthDirectory,
  generateSigningKeyPair,
  type RevocationFeedPage,
  TokenVerificationService,
} from '@app/security';

export const LOCAL_ISSUER = 'https://auth.example';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A TokenVerificationService whose key set is one RS256 key held here, and a signer for it: unit
 * specs of the security library get real tokens without an auth app.
 */
export function localTokenIssuer() {
  const { privateKey, publicKey } = generateSigningKeyPair('RS256');
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'RS256' };
  const directory = new (class extends AuthDirectory {
    async jwks() {
      return { keys: [jwk] };
    }
    async revocations(): Promise<RevocationFeedPage> {
      return { cursor: '0', entries: [] };
    }
  })();
  const service = new TokenVerificationService(
    loadEnvironment({ JWT_ALG: 'RS256', JWT_ISSUER: LOCAL_ISSUER }),
    directory,
    { defaultAudience: 'orders' },
  );
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: LOCAL_ISSUER,
    sub: 'user-1',
    aud: ['gateway', 'orders'],
    iat: now,
    exp: now + 900,
    jti: 'j1',
    sid: 's1',
    roles: ['user'],
    scope: '',
  };
  const signed = (payload: object) => {
    const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })}.${b64(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return { service, claims, signed, valid: signed(claims) };
}
