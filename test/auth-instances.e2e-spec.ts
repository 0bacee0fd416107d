import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { KEY_ACTIVATION_SECONDS, SigningKeyService } from '../apps/auth/src';
import { type AuthTestApp, createAuthTestApp, type LoginTokens } from './support/auth-test-app';

// Two auth instances on one database and one key directory (a shared volume), as `docker compose
// up --scale auth=2` runs them. Each instance verifies tokens with the keys it publishes itself, so
// a token one signs and the other refuses is exactly what a service would meet.
const withDatabase = process.env.DATABASE_URL ? describe : describe.skip;

withDatabase('several auth instances on one key directory', () => {
  const running: AuthTestApp[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((instance) => instance.close()));
  });

  const start = async (keysDir: string, count: number) => {
    const instances = await Promise.all(
      Array.from({ length: count }, () => createAuthTestApp({ JWT_KEYS_DIR: keysDir })),
    );
    running.push(...instances);
    return instances;
  };
  const kids = async (instance: AuthTestApp) =>
    ((await instance.http().get('/.well-known/jwks.json').expect(200)).body.keys as Array<{ kid: string }>)
      .map((key) => key.kid)
      .sort();
  const acceptedBy = async (instance: AuthTestApp, tokens: LoginTokens) =>
    (await instance.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' })).status;

  it('starting together on an empty directory, they make one key and accept each other’s tokens', async () => {
    const keysDir = join(mkdtempSync(join(tmpdir(), 'shared-keys-')), 'keys');
    const instances = await start(keysDir, 3);
    const published = await Promise.all(instances.map(kids));
    expect(published[0]).toHaveLength(1);
    expect(published).toEqual([published[0], published[0], published[0]]);
    for (const signer of instances) {
      const tokens = await signer.login();
      expect(decodeProtectedHeader(tokens.access_token).kid).toBe(published[0][0]);
      for (const verifier of instances) expect(await acceptedBy(verifier, tokens)).toBe(200);
    }
  });

  it('a key rotated while both sign is published by both before either signs with it: no token is refused', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'shared-keys-'));
    const [a, b] = await start(keysDir, 2);
    const oldKid = (await kids(a))[0];
    const refused: string[] = [];
    const signedWith = new Set<string>();
    let newKid: string | undefined;
    // Past the activation, and past the JWKS each instance fetched for its own guard before it.
    const deadline = Date.now() + (KEY_ACTIVATION_SECONDS + 4) * 1000;
    for (let round = 0; Date.now() < deadline; round++) {
      if (round === 5) ({ kid: newKid } = await a.app.get(SigningKeyService).rotate());
      const [signer, verifier] = round % 2 ? [a, b] : [b, a];
      const tokens = await signer.login();
      const kid = decodeProtectedHeader(tokens.access_token).kid!;
      signedWith.add(kid);
      const status = await acceptedBy(verifier, tokens);
      if (status !== 200) refused.push(`${kid} signed by ${signer === a ? 'a' : 'b'}: ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(refused).toEqual([]);
    expect(newKid).toBeDefined();
    expect([...signedWith].sort()).toEqual([oldKid, newKid].sort());
    // Both sign with the new key now, and both still publish the old one for its live tokens.
    for (const instance of [a, b]) {
      expect(decodeProtectedHeader((await instance.login()).access_token).kid).toBe(newKid);
      expect(await kids(instance)).toEqual([oldKid, newKid].sort());
    }
  }, 60_000);
});
