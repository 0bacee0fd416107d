import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { AuthDirectory, type RevocationFeedPage } from './auth-directory';
import { JwksCache } from './jwks-cache';
import { KeysUnavailableError } from './keys-unavailable.error';

/** The auth app's side of the boundary, counting how often it is asked. */
class CountingDirectory extends AuthDirectory {
  calls = 0;
  constructor(private readonly keys: JWK[]) {
    super();
  }
  async jwks(): Promise<JSONWebKeySet> {
    this.calls += 1;
    return { keys: this.keys };
  }
  async revocations(): Promise<RevocationFeedPage> {
    return { cursor: '0', entries: [] };
  }
}

const publicJwk = (kid: string): JWK => ({
  ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as JWK),
  kid,
  alg: 'ES256',
});

describe('JwksCache', () => {
  it('resolves a known kid without asking again', async () => {
    const directory = new CountingDirectory([publicJwk('k1')]);
    const cache = new JwksCache(directory, 'ES256');
    expect(await cache.keyFor('k1')).toBeDefined();
    expect(await cache.keyFor('k1')).toBeDefined();
    expect(directory.calls).toBe(1);
  });

  it('refetches at most once per interval however many unknown kids arrive', async () => {
    const directory = new CountingDirectory([publicJwk('k1')]);
    const cache = new JwksCache(directory, 'ES256');
    await cache.keyFor('k1');
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => cache.keyFor(`random-${i}`)));
    expect(flood.every((key) => key === undefined)).toBe(true);
    expect(directory.calls).toBeLessThanOrEqual(2);
  });

  it('ignores keys of another algorithm and absurd kids', async () => {
    const directory = new CountingDirectory([{ ...publicJwk('k1'), alg: 'RS256' }]);
    const cache = new JwksCache(directory, 'ES256');
    expect(await cache.keyFor('k1')).toBeUndefined();
    expect(await cache.keyFor('x'.repeat(500))).toBeUndefined();
  });

  it('answers an unknown kid as unavailable (a 503) while auth cannot be asked, and as unknown (a 401) once it answers', async () => {
    const directory = new CountingDirectory([publicJwk('k1')]);
    let down = true;
    const reachable = Object.assign(Object.create(directory) as AuthDirectory, {
      jwks: () => (down ? Promise.reject(new Error('auth unreachable')) : directory.jwks()),
    });
    const cache = new JwksCache(reachable, 'ES256');
    await expect(cache.keyFor('k1')).rejects.toBeInstanceOf(KeysUnavailableError);
    await expect(cache.keyFor('forged')).rejects.toBeInstanceOf(KeysUnavailableError);
    down = false;
    await cache.refresh();
    expect(await cache.keyFor('k1')).toBeDefined();
    expect(await cache.keyFor('forged')).toBeUndefined();
  });
});
