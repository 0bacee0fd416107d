import { generateKeyPairSync, type KeyPairKeyObjectResult } from 'node:crypto';
import type { AccessTokenAlgorithm } from './access-token-verifier';

/** A new key pair of the kind each algorithm signs with: what the verifier requires of a key for it. */
export function generateSigningKeyPair(alg: AccessTokenAlgorithm): KeyPairKeyObjectResult {
  if (alg === 'RS256') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (alg === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return generateKeyPairSync('ed25519');
}
