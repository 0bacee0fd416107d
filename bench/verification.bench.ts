import { createPrivateKey, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { loadEnvironment } from '@app/common';
import {
  type AccessTokenAlgorithm as Alg,
  AuthDirectory,
  generateSigningKeyPair,
  type RevocationFeedPage,
  TokenVerificationService,
} from '@app/security';

export interface VerificationResult {
  alg: Alg;
  rawMicros: number;
  firstSeenMicros: number;
  repeatMicros: number;
}

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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Scenario 4: µs per verification in the guard library, first-seen and repeat, beside the raw check.
 * The machine is noisy, so raw and first-seen are measured in alternating rounds over the same
 * tokens (each new to the library), after a warm-up of both, and each is the median of its rounds.
 */
export async function benchVerification(
  alg: Alg,
  rounds = 9,
  perRound = 300,
  warmUp = 300,
): Promise<VerificationResult> {
  const { privateKey } = generateSigningKeyPair(alg);
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
    Array.from({ length: warmUp + rounds * perRound }, (_, i) =>
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
  for (const token of tokens.slice(0, warmUp)) {
    rawVerify(alg, token, publicKey);
    await service.verify(token, 'orders');
  }

  const raw: number[] = [];
  const firstSeen: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const batch = tokens.slice(warmUp + round * perRound, warmUp + (round + 1) * perRound);
    const measureRaw = () => {
      const started = process.hrtime.bigint();
      for (const token of batch) rawVerify(alg, token, publicKey);
      raw.push(microsPer(started, batch.length));
    };
    const measureLibrary = async () => {
      const started = process.hrtime.bigint();
      for (const token of batch) await service.verify(token, 'orders');
      firstSeen.push(microsPer(started, batch.length));
    };
    if (round % 2 === 0) {
      measureRaw();
      await measureLibrary();
    } else {
      await measureLibrary();
      measureRaw();
    }
  }

  // Each request brings its token as a new string (nothing about it computed yet), as these copies are.
  const repeats = 40_000;
  const arriving = Array.from({ length: repeats }, (_, i) => Buffer.from(tokens[i % 100]).toString());
  const started = process.hrtime.bigint();
  for (const token of arriving) await service.verify(token, 'orders');
  const repeatMicros = microsPer(started, repeats);
  service.onApplicationShutdown();
  return { alg, rawMicros: median(raw), firstSeenMicros: median(firstSeen), repeatMicros };
}
