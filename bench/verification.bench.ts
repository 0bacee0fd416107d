import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { loadEnvironment } from '@app/common';
import { AuthDirectory, type RevocationFeedPage, TokenVerificationService } from '@app/security';

type Alg = 'RS256' | 'ES256' | 'EdDSA';

export interface VerificationResult {
  alg: Alg;
  rawMicros: number;
  firstSeenMicros: number;
  repeatMicros: number;
}

const keyPair = (alg: Alg) =>
  alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('ed25519');

/** The physical floor: one signature check of a JWS, as the verifier must do it. */
function rawVerify(alg: Alg, token: string, publicKey: KeyObject): boolean {
  const [header, payload, signature] = token.split('.');
  const data = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  if (alg === 'RS256') return verify('sha256', data, publicKey, bytes);
  if (alg === 'ES256') return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, bytes);
  return verify(null, data, publicKey, bytes);
}

const microsPer = (started: bigint, count: number) => Number(process.hrtime.bigint() - started) / 1000 / count;

/** Scenario 4: µs per verification in the guard library, first-seen and repeat, beside the raw check. */
export async function benchVerification(alg: Alg, count = 2000): Promise<VerificationResult> {
  const { privateKey } = keyPair(alg);
  const publicKey = createPublicKey(createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })));
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'bench', alg };
  const directory = new (class extends AuthDirectory {
    async jwks() {
      return { keys: [jwk] };
    }
    async revocations(): Promise<RevocationFeedPage> {
      return { cursor: '0', entries: [] };
    }
  })();
  const env = loadEnvironment({ JWT_ALG: alg, JWT_ISSUER: 'https://bench.example' });
  const service = new TokenVerificationService(env, directory, { defaultAudience: 'orders' });
  await service.jwks.refresh();
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({ sid: `s${i}`, roles: ['user'], scope: '' })
        .setProtectedHeader({ alg, kid: 'bench', typ: 'at+jwt' })
        .setIssuer('https://bench.example')
        .setSubject(`user-${i}`)
        .setAudience(['gateway', 'orders'])
        .setIssuedAt(now)
        .setExpirationTime(now + 900)
        .setJti(`j${i}`)
        .sign(privateKey),
    ),
  );
  // Warm up the JIT on tokens not measured below.
  for (let i = 0; i < 200; i++) rawVerify(alg, tokens[i], publicKey);

  let started = process.hrtime.bigint();
  for (const token of tokens) rawVerify(alg, token, publicKey);
  const rawMicros = microsPer(started, count);

  started = process.hrtime.bigint();
  for (const token of tokens) await service.verify(token, 'orders');
  const firstSeenMicros = microsPer(started, count);

  const repeats = count * 20;
  started = process.hrtime.bigint();
  for (let i = 0; i < repeats; i++) await service.verify(tokens[i % 100], 'orders');
  const repeatMicros = microsPer(started, repeats);
  service.onApplicationShutdown();
  return { alg, rawMicros, firstSeenMicros, repeatMicros };
}
