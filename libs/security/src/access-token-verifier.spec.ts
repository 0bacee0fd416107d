import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { forgedTokens } from '../../../test/hostile/forged-tokens';
import { type AccessTokenAlgorithm, AccessTokenVerifier, InvalidAccessTokenError } from './access-token-verifier';
import { generateSigningKeyPair } from './signing-key-pair';

const ISSUER = 'https://auth.example';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs anything with `key`, byte for byte as given: jose refuses to produce some of these tokens. */
const signWith =
  (alg: AccessTokenAlgorithm, key: KeyObject) =>
  (header: Record<string, unknown>, payload: Record<string, unknown>) => {
    const input = `${b64({ alg, kid: 'k1', typ: 'at+jwt', ...header })}.${b64(payload)}`;
    return `${input}.${sign(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };

function setUp(alg: AccessTokenAlgorithm, options: { audience?: string } = {}) {
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
    scope: 'orders:read',
  };
  const signReal = signWith(alg, privateKey);
  const verifier = new AccessTokenVerifier({
    algorithm: alg,
    issuer: ISSUER,
    audience: options.audience ?? 'orders',
    keys: (kid) => (kid === 'k1' ? publicKey : undefined),
  });
  return { verifier, claims, signReal, publicKey, now, valid: signReal({}, claims) };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidAccessTokenError ? error.message : `unexpected ${String(error)}`),
  );

describe.each(['RS256', 'ES256', 'EdDSA'] as const)('AccessTokenVerifier (%s)', (alg) => {
  it('accepts a genuine token and returns its claims', async () => {
    const { verifier, valid } = setUp(alg);
    await expect(verifier.verify(valid)).resolves.toEqual({
      iss: ISSUER,
      sub: 'user-1',
      aud: ['gateway', 'orders'],
      iat: expect.any(Number),
      exp: expect.any(Number),
      jti: 'j1',
      sid: 's1',
      roles: ['user'],
      scopes: ['orders:read'],
      act: undefined,
      client_id: undefined,
    });
  });

  it('accepts the media type form of typ and a single-string aud', async () => {
    const { verifier, signReal, claims } = setUp(alg);
    await expect(
      verifier.verify(signReal({ typ: 'application/AT+JWT' }, { ...claims, aud: 'orders' })),
    ).resolves.toMatchObject({ aud: ['orders'] });
  });

  it('refuses every forged or misplaced credential of the hostile corpus', async () => {
    const { verifier, valid, signReal, publicKey } = setUp(alg);
    const other = setUp(alg);
    const cases = await forgedTokens({
      valid,
      publicKey,
      signReal: async (header, payload) => signReal(header, payload),
      kid: 'k1',
      issuer: ISSUER,
      trap: 'http://127.0.0.1:9',
      refreshToken: 'rt_'.padEnd(46, 'x'),
      serviceToken: signReal({}, { ...other.claims, aud: ['auth'], sid: undefined, client_id: 'orders' }),
      exchangedToken: signReal({}, { ...other.claims, aud: ['inventory'], act: { sub: 'orders' } }),
      facebookToken: `EAA${'x'.repeat(180)}`,
    });
    const accepted = [];
    for (const [name, token] of cases) if ((await refusal(verifier.verify(token))) === 'accepted') accepted.push(name);
    expect(cases.length).toBeGreaterThan(40);
    expect(accepted).toEqual([]);
  });

  it('says which claim failed', async () => {
    const { verifier, signReal, claims, now } = setUp(alg);
    const without = (claim: string) => Object.fromEntries(Object.entries(claims).filter(([name]) => name !== claim));
    const outcomes = {
      expired: await refusal(verifier.verify(signReal({}, { ...claims, exp: now - 60 }))),
      withinSkew: await refusal(verifier.verify(signReal({}, { ...claims, exp: now - 2 }))),
      notYetValid: await refusal(verifier.verify(signReal({}, { ...claims, nbf: now + 60 }))),
      future: await refusal(verifier.verify(signReal({}, { ...claims, iat: now + 60 }))),
      issuer: await refusal(verifier.verify(signReal({}, { ...claims, iss: 'https://evil.example' }))),
      audience: await refusal(verifier.verify(signReal({}, { ...claims, aud: ['inventory'] }))),
      typ: await refusal(verifier.verify(signReal({ typ: 'JWT' }, claims))),
      noTyp: await refusal(verifier.verify(signReal({ typ: undefined }, claims))),
      noJti: await refusal(verifier.verify(signReal({}, without('jti')))),
      numericSub: await refusal(verifier.verify(signReal({}, { ...claims, sub: 42 }))),
      stringExp: await refusal(verifier.verify(signReal({}, { ...claims, exp: String(now + 900) }))),
      roles: await refusal(verifier.verify(signReal({}, { ...claims, roles: 'admin' }))),
      act: await refusal(verifier.verify(signReal({}, { ...claims, act: 'orders' }))),
      arrayPayload: await refusal(verifier.verify(signReal({}, [claims] as never))),
      unknownKid: await refusal(verifier.verify(signReal({ kid: 'k2' }, claims))),
      noKid: await refusal(verifier.verify(signReal({ kid: undefined }, claims))),
    };
    expect(outcomes).toEqual({
      expired: 'token expired',
      withinSkew: 'accepted',
      notYetValid: 'token not yet valid',
      future: 'token issued in the future',
      issuer: 'token from another issuer',
      audience: 'token not meant for this service',
      typ: 'not an access token',
      noTyp: 'not an access token',
      noJti: 'malformed claims',
      numericSub: 'malformed claims',
      stringExp: 'malformed claims',
      roles: 'malformed claims',
      act: 'malformed claims',
      arrayPayload: 'malformed token',
      unknownKid: 'token rejected',
      noKid: 'token rejected',
    });
  });
});

describe('AccessTokenVerifier keys', () => {
  it('refuses a key of another type found under the token kid', async () => {
    const { signReal, claims } = setUp('ES256');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const verifier = new AccessTokenVerifier({
      algorithm: 'ES256',
      issuer: ISSUER,
      audience: 'orders',
      keys: () => rsa,
    });
    await expect(refusal(verifier.verify(signReal({}, claims)))).resolves.toBe('token rejected');
  });

  it('refuses an RSA key shorter than 2048 bits', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const { claims } = setUp('RS256');
    const verifier = new AccessTokenVerifier({
      algorithm: 'RS256',
      issuer: ISSUER,
      audience: 'orders',
      keys: () => publicKey,
    });
    await expect(refusal(verifier.verify(signWith('RS256', privateKey)({}, claims)))).resolves.toBe('token rejected');
  });

  it('waits for a key resolved asynchronously (a JWKS fetched on an unknown kid)', async () => {
    const { publicKey, valid } = setUp('EdDSA');
    const verifier = new AccessTokenVerifier({
      algorithm: 'EdDSA',
      issuer: ISSUER,
      audience: 'orders',
      keys: async () => publicKey,
    });
    await expect(verifier.verify(valid)).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('refuses rather than throws on input that is not a string', async () => {
    const { verifier } = setUp('RS256');
    await expect(refusal(verifier.verify(42 as never))).resolves.toBe('malformed token');
  });
});
