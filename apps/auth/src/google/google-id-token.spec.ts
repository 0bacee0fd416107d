import { describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { GoogleRejectedError } from './google-errors';
import { ID_TOKEN_CLOCK_TOLERANCE, issuerSpellings, verifyGoogleIdToken } from './google-id-token';

const ISSUER = 'https://accounts.google.com';
const CLIENT = '123-ours.apps.googleusercontent.com';

async function issuer() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: JWTPayload, header: Record<string, string> = {}) =>
    new SignJWT({ iss: ISSUER, aud: CLIENT, sub: '1001', iat: now, exp: now + 3600, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header })
      .sign(privateKey);
  const verify = (token: string, extra: { nonce?: string; maxAge?: number } = {}) =>
    verifyGoogleIdToken(token, { issuer: ISSUER, clientId: CLIENT, keys, ...extra });
  return { sign, verify, now, publicJwk: jwk };
}

describe('verifyGoogleIdToken', () => {
  it('accepts both of Google’s issuer spellings, and only Google’s', async () => {
    expect(issuerSpellings(ISSUER)).toEqual([ISSUER, 'accounts.google.com']);
    expect(issuerSpellings('http://127.0.0.1:4000')).toEqual(['http://127.0.0.1:4000']);
    const { sign, verify } = await issuer();
    await expect(verify(await sign({}))).resolves.toMatchObject({ sub: '1001' });
    await expect(verify(await sign({ iss: 'accounts.google.com' }))).resolves.toMatchObject({ sub: '1001' });
    await expect(verify(await sign({ iss: 'https://accounts.google.com.evil.example' }))).rejects.toThrow(
      GoogleRejectedError,
    );
  });

  it('checks the nonce when the login has one, in constant time, and refuses a token without one', async () => {
    const { sign, verify } = await issuer();
    await expect(verify(await sign({ nonce: 'n-1' }), { nonce: 'n-1' })).resolves.toMatchObject({ nonce: 'n-1' });
    await expect(verify(await sign({ nonce: 'n-2' }), { nonce: 'n-1' })).rejects.toThrow(/nonce/);
    await expect(verify(await sign({}), { nonce: 'n-1' })).rejects.toThrow(/nonce/);
  });

  it('refuses another client’s token by aud or by azp', async () => {
    const { sign, verify } = await issuer();
    await expect(verify(await sign({ aud: 'theirs' }))).rejects.toThrow(/ERR_JWT_CLAIM_VALIDATION_FAILED/);
    await expect(verify(await sign({ aud: [CLIENT, 'theirs'], azp: 'theirs' }))).rejects.toThrow(/azp/);
    await expect(verify(await sign({ azp: CLIENT }))).resolves.toMatchObject({ azp: CLIENT });
  });

  it('tolerates a small clock skew, not more', async () => {
    const { sign, verify, now } = await issuer();
    await expect(verify(await sign({ exp: now - ID_TOKEN_CLOCK_TOLERANCE + 5 }))).resolves.toBeDefined();
    await expect(verify(await sign({ exp: now - ID_TOKEN_CLOCK_TOLERANCE - 5 }))).rejects.toThrow(/ERR_JWT_EXPIRED/);
    await expect(verify(await sign({ nbf: now + ID_TOKEN_CLOCK_TOLERANCE + 30 }))).rejects.toThrow(GoogleRejectedError);
    await expect(verify(await sign({ iat: now - 900 }), { maxAge: 600 })).rejects.toThrow(/ERR_JWT_EXPIRED/);
  });

  it('refuses alg none, HS256 keyed with the public key, and a missing subject', async () => {
    const { sign, verify, now, publicJwk } = await issuer();
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { iss: ISSUER, aud: CLIENT, sub: '1001', iat: now, exp: now + 3600 };
    await expect(verify(`${encode({ alg: 'none' })}.${encode(claims)}.`)).rejects.toThrow(GoogleRejectedError);
    const confused = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await expect(verify(confused)).rejects.toThrow(/ERR_JOSE_ALG_NOT_ALLOWED/);
    await expect(verify(await sign({ sub: undefined }))).rejects.toThrow(GoogleRejectedError);
  });
});
