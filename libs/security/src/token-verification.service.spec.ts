import { describe, expect, it } from '@jest/globals';
import { localTokenIssuer } from '../../../test/support/local-token-issuer';
import { InvalidAccessTokenError } from './access-token-verifier';

const setUp = localTokenIssuer;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

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
