import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { type AccessTokenAlgorithm, generateSigningKeyPair } from '@app/security';

interface ManifestEntry {
  kid: string;
  alg: AccessTokenAlgorithm;
  createdAt: string;
  /** Set when a newer key took over signing; its public key stays published for a while. */
  retiredAt: string | null;
}

export interface SigningKey {
  kid: string;
  alg: AccessTokenAlgorithm;
  privateKey: KeyObject;
  publicJwk: JWK;
  createdAt: Date;
  retiredAt: Date | null;
}

const MANIFEST = 'keys.json';

async function publicJwkOf(privateKey: KeyObject, alg: AccessTokenAlgorithm): Promise<{ kid: string; jwk: JWK }> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, jwk: { ...jwk, kid, alg, use: 'sig' } };
}

/**
 * Signing keys on disk: `keys.json` lists them (newest active last), each private key is a
 * PKCS#8 PEM file readable by its owner only. The running app and `npm run keys:rotate` share it.
 */
export class SigningKeyStore {
  constructor(private readonly dir: string) {}

  get manifestPath(): string {
    return join(this.dir, MANIFEST);
  }

  async load(): Promise<SigningKey[]> {
    let entries: ManifestEntry[];
    try {
      entries = (JSON.parse(await readFile(this.manifestPath, 'utf8')) as { keys: ManifestEntry[] }).keys;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return Promise.all(
      entries.map(async (entry) => {
        const privateKey = createPrivateKey(await readFile(join(this.dir, `${entry.kid}.pem`), 'utf8'));
        const { jwk } = await publicJwkOf(privateKey, entry.alg);
        return {
          kid: entry.kid,
          alg: entry.alg,
          privateKey,
          publicJwk: jwk,
          createdAt: new Date(entry.createdAt),
          retiredAt: entry.retiredAt ? new Date(entry.retiredAt) : null,
        };
      }),
    );
  }

  /** The key that signs now: the newest unretired key of `alg`, created when there is none. */
  async ensureActive(alg: AccessTokenAlgorithm, now: Date): Promise<SigningKey[]> {
    const keys = await this.load();
    if (keys.some((key) => key.alg === alg && !key.retiredAt)) return keys;
    return this.rotate(alg, now);
  }

  /** A new key signs from now on; every other key is retired (published, no longer signing). */
  async rotate(alg: AccessTokenAlgorithm, now: Date): Promise<SigningKey[]> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const keys = await this.load();
    const privateKey = generateSigningKeyPair(alg).privateKey;
    const { kid, jwk } = await publicJwkOf(privateKey, alg);
    const keyFile = join(this.dir, `${kid}.pem`);
    await writeFile(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    await chmod(keyFile, 0o600);
    const next: SigningKey[] = [
      ...keys.map((key) => ({ ...key, retiredAt: key.retiredAt ?? now })),
      { kid, alg, privateKey, publicJwk: jwk, createdAt: now, retiredAt: null },
    ];
    await this.save(next);
    return next;
  }

  /** Forgets retired keys whose every token has expired. */
  async prune(now: Date, publishForSeconds: number): Promise<SigningKey[]> {
    const keys = await this.load();
    const keep = keys.filter(
      (key) => !key.retiredAt || key.retiredAt.getTime() + publishForSeconds * 1000 > now.getTime(),
    );
    if (keep.length === keys.length) return keys;
    await this.save(keep);
    for (const key of keys.filter((k) => !keep.includes(k)))
      await rm(join(this.dir, `${key.kid}.pem`), { force: true });
    return keep;
  }

  private async save(keys: SigningKey[]): Promise<void> {
    const manifest = {
      keys: keys.map((key) => ({
        kid: key.kid,
        alg: key.alg,
        createdAt: key.createdAt.toISOString(),
        retiredAt: key.retiredAt ? key.retiredAt.toISOString() : null,
      })),
    };
    // Written aside then renamed, so a reader never sees half a manifest.
    const temporary = `${this.manifestPath}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(manifest, null, 2), { mode: 0o600 });
    await rename(temporary, this.manifestPath);
  }
}
