import { type KeyObject, sign } from 'node:crypto';
import { type AccessTokenAlgorithm, JWS_DIGESTS, jwsKeyInput } from './access-token-verifier';

const base64urlJson = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs a compact JWS (RFC 7515 §7.1) with Node's asynchronous `crypto.sign`, which runs on libuv's
 * pool. jose builds tokens through WebCrypto and encodes base64url in JavaScript: about 80 µs of
 * the main thread per token, against some 10 µs here (docs/performance.md, scenario 5). jose still
 * makes and publishes the keys (JWK, thumbprints); `access-token-signer.spec.ts` checks that jose
 * verifies what this signs.
 */
export function signCompactJws(
  algorithm: AccessTokenAlgorithm,
  key: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const signingInput = `${base64urlJson({ ...header, alg: algorithm })}.${base64urlJson(payload)}`;
  return new Promise((resolve, reject) =>
    sign(JWS_DIGESTS[algorithm], Buffer.from(signingInput), jwsKeyInput(algorithm, key), (error, signature) =>
      error ? reject(error) : resolve(`${signingInput}.${signature.toString('base64url')}`),
    ),
  );
}
