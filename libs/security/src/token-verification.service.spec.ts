import { describe, expect, it } from '@jest/globals';
import { sign } from 'node:crypto';
import type { JWK } from 'jose';
import { loadEnvironment } from '@app/common';
import { InvalidAccessTokenError } from './access-token-verifier';
import { AuthDirectory, type RevocationFeedPage } from './auth-directory';
import { generateSigningKeyPair } from './signing-key-pair';
import { TokenVerificationService } from './token-verification.service';

const ISSUER = 'https://auth.example';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function setUp() {
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
  const service = new TokenVerificationService(loadEnvironment({ JWT_ALG: 'RS256', JWT_ISSUER: ISSUER }), directory, { defaultAudience: 'orders' });
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: ISSUER, sub: 'user-1', aud: ['gateway', 'orders'], iat: now, exp: now + 900, jti: 'j1', sid: 's1', roles: ['user'], scope: '' };
  const signed = (payload: object) => {
    const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })}.${b64(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return { service, claims, signed, valid: signed(claims) };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidAccessTokenError ? error.message : `unexpected ${String(error)}`),
  );

describe('TokenVerificationService', () => {
  it('serves a repeat from what it verified, but only for the very same token', async () => {
    const { service, claims, valid } = setUp();
    await service.jwks.refresh();
    await expect(service.verify(valid, 'orders')).resolves.toMatchObject({ sub: 'user-1', roles: ['user'] });

    // Same signature, so the same tail the cache files it under: an admin payload must not ride on it.
    const [header, , signature] = valid.split('.');
    const promoted = `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`;
    await expect(refusal(service.verify(promoted, 'orders'))).resolves.toBe('token rejected');
    // The remembered token is still served (a fresh string, as each request brings one).
    await expect(service.verify(Buffer.from(valid).toString(), 'orders')).resolves.toMatchObject({ roles: ['user'] });
  });

  it('refuses a remembered token for another audience and once its session is revoked', async () => {
    const { service, valid } = setUp();
    await service.jwks.refresh();
    await service.verify(valid, 'orders');
    await expect(refusal(service.verify(valid, 'inventory'))).resolves.toBe('token not meant for this service');

    service.revocations.apply([{ cursor: '1', sid: 's1', expiresAt: Math.floor(Date.now() / 1000) + 900 }]);
    await expect(refusal(service.verify(valid, 'orders'))).resolves.toBe('token revoked');
  });
});
