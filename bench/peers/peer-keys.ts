import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/** The keys the peer signs and verifies with: PEM strings as the docs show, or KeyObjects (tuned). */
export interface PeerKeys {
  accessPrivate: string | KeyObject;
  accessPublic: string | KeyObject;
  refreshSecret: string | KeyObject;
}

export const PEER_KEYS = Symbol('PEER_KEYS');

export function peerKeys(tuned: boolean): PeerKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const refreshSecret = randomBytes(32).toString('hex');
  return tuned
    ? { accessPrivate: privateKey, accessPublic: publicKey, refreshSecret: createSecretKey(Buffer.from(refreshSecret)) }
    : {
        accessPrivate: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        accessPublic: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        refreshSecret,
      };
}
