import { describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { signCompactJws } from './access-token-signer';
import { type AccessTokenAlgorithm, AccessTokenVerifier } from './access-token-verifier';
import { generateSigningKeyPair } from './signing-key-pair';

const ISSUER = 'https://auth.example';

describe.each<AccessTokenAlgorithm>(['RS256', 'ES256', 'EdDSA'])('signCompactJws (%s)', (alg) => {
  const { privateKey, publicKey } = generateSigningKeyPair(alg);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: ISSUER,
    sub: 'user-1',
    aud: ['gateway', 'orders'],
    iat: now,
    exp: now + 900,
    jti: 'j1',
    sid: 's1',
    roles: ['user'],
    scope: 'a b',
    name: 'Zoë ✓',
  };

  it('signs tokens that jose verifies against the published JWK', async () => {
    const token = await signCompactJws(alg, privateKey, { kid: 'k1', typ: 'at+jwt' }, claims);
    const keys = createLocalJWKSet({ keys: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg }] });
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
      issuer: ISSUER,
      audience: 'orders',
      algorithms: [alg],
      typ: 'at+jwt',
    });
    expect(protectedHeader).toEqual({ alg, kid: 'k1', typ: 'at+jwt' });
    expect(payload).toEqual(claims);
  });

  it('signs tokens the platform verifier accepts, and only with the algorithm named', async () => {
    const verifier = new AccessTokenVerifier({
      algorithm: alg,
      issuer: ISSUER,
      audience: 'orders',
      keys: () => publicKey,
    });
    const token = await signCompactJws(alg, privateKey, { kid: 'k1', typ: 'at+jwt', alg: 'none' }, claims);
    expect(decodeProtectedHeader(token).alg).toBe(alg);
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1', scopes: ['a', 'b'], sid: 's1' });
  });
});
