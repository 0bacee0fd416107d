import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

const b64 = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (secret: Uint8Array, header: object, payload: object) => {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};

export interface ForgeryInputs {
  /** A genuine user access token of the platform. */
  valid: string;
  /** The platform's public key (as an attacker can fetch from the JWKS). */
  publicKey: KeyObject;
  /** Signs anything with the platform's real key (to build tokens with bad claims). */
  signReal: (header: Record<string, unknown>, payload: Record<string, unknown>) => Promise<string>;
  kid: string;
  issuer: string;
  /** A URL that counts requests (to prove jku/x5u are never fetched). */
  trap: string;
  /** Other credentials that must never work as an access token. */
  refreshToken: string;
  serviceToken: string;
  exchangedToken: string;
  facebookToken: string;
}

/** Every forged or misplaced credential the gateway and the services must refuse (401). */
export async function forgedTokens(inputs: ForgeryInputs): Promise<Array<[string, string]>> {
  const [header, payload, signature] = inputs.valid.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const realHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  const admin = { ...claims, roles: ['admin', 'user'] };
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attackerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = inputs.publicKey.export({ format: 'pem', type: 'spki' }) as string;
  const der = inputs.publicKey.export({ format: 'der', type: 'spki' }) as Buffer;
  const jwk = JSON.stringify(inputs.publicKey.export({ format: 'jwk' }));
  const signAttacker = (extraHeader: Record<string, unknown>, key: KeyObject = attacker.privateKey, alg = 'RS256') =>
    new SignJWT(admin).setProtectedHeader({ alg, typ: 'at+jwt', ...extraHeader }).sign(key);

  const cases: Array<[string, string | Promise<string>]> = [
    ...['none', 'None', 'NONE', 'nOnE'].flatMap((alg): Array<[string, string]> => [
      [`alg ${alg}, no signature`, `${b64({ ...realHeader, alg })}.${b64(admin)}.`],
      [`alg ${alg}, old signature`, `${b64({ ...realHeader, alg })}.${b64(admin)}.${signature}`],
    ]),
    ['stripped signature', `${header}.${payload}.`],
    ['truncated signature', `${header}.${payload}.${signature.slice(0, 40)}`],
    ['signature borrowed from another token', `${header}.${b64(admin)}.${signature}`],
    ['edited payload', `${header}.${b64({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`],
    ['HS256 with the public key as PEM', hmac(Buffer.from(pem), { ...realHeader, alg: 'HS256' }, admin)],
    ['HS256 with the public key as DER', hmac(der, { ...realHeader, alg: 'HS256' }, admin)],
    ['HS256 with the public key as JWK', hmac(Buffer.from(jwk), { ...realHeader, alg: 'HS256' }, admin)],
    ['HS256 with a blank secret', hmac(Buffer.alloc(0), { ...realHeader, alg: 'HS256' }, admin)],
    ['HS256 with a weak secret', hmac(Buffer.from('secret'), { ...realHeader, alg: 'HS256' }, admin)],
    ['embedded jwk of the attacker', signAttacker({ jwk: attacker.publicKey.export({ format: 'jwk' }) })],
    ['jku pointing at the attacker', signAttacker({ jku: `${inputs.trap}/jwks.json`, kid: 'evil' })],
    ['x5u pointing at the attacker', signAttacker({ x5u: `${inputs.trap}/cert.pem`, kid: 'evil' })],
    ['x5c of the attacker', signAttacker({ x5c: [der.toString('base64')] })],
    ['kid path traversal', signAttacker({ kid: '../../../../../../dev/null' })],
    ['kid SQL injection', signAttacker({ kid: "' OR '1'='1' --" })],
    [
      'ES256 zero signature',
      `${b64({ alg: 'ES256', typ: 'at+jwt', kid: inputs.kid })}.${b64(admin)}.${Buffer.alloc(64).toString('base64url')}`,
    ],
    ['ES256 by the attacker', signAttacker({ kid: inputs.kid }, attackerEc.privateKey, 'ES256')],
    ['expired', inputs.signReal({}, { ...claims, iat: now - 7200, exp: now - 3600 })],
    ['nbf in the future', inputs.signReal({}, { ...claims, nbf: now + 3600 })],
    ['iat in the future', inputs.signReal({}, { ...claims, iat: now + 3600, exp: now + 7200 })],
    ['no exp', inputs.signReal({}, Object.fromEntries(Object.entries(claims).filter(([k]) => k !== 'exp')))],
    ['wrong iss', inputs.signReal({}, { ...claims, iss: 'https://evil.example' })],
    ['wrong aud', inputs.signReal({}, { ...claims, aud: ['somewhere-else'] })],
    ['typ JWT instead of at+jwt', inputs.signReal({ typ: 'JWT' }, claims)],
    ['crit header', inputs.signReal({ crit: ['exp'] }, claims)],
    ['two segments', `${header}.${payload}`],
    ['four segments', `${inputs.valid}.${signature}`],
    ['five segments', `${inputs.valid}.${payload}.${signature}`],
    ['base64 padding in a segment', `${header}=.${payload}.${signature}`],
    ['base64 padding after the signature', `${header}.${payload}.${signature}==`],
    // Node's base64url decoder skips characters outside the alphabet: same bytes, another spelling.
    [
      'a character outside base64url in the signature',
      `${header}.${payload}.${signature.slice(0, 10)}!${signature.slice(10)}`,
    ],
    ['whitespace in a segment', `${header}.${payload.slice(0, 10)} ${payload.slice(10)}.${signature}`],
    [
      'duplicate header members',
      `${b64(`{"alg":"none","typ":"at+jwt","kid":"${inputs.kid}","alg":"RS256"}`)}.${payload}.${signature}`,
    ],
    ['a 20 KB token', `${header}.${b64({ ...claims, pad: 'x'.repeat(20_000) })}.${signature}`],
    ['a refresh token', inputs.refreshToken],
    ['a service token for another audience', inputs.serviceToken],
    ['a token exchanged for inventory', inputs.exchangedToken],
    ['a raw Facebook token', inputs.facebookToken],
  ];
  return Promise.all(cases.map(async ([name, token]) => [name, await token] as [string, string]));
}
