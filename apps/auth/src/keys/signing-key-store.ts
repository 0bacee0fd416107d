import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
const LOCK = 'keys.lock';
/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

async function publicJwkOf(privateKey: KeyObject, alg: AccessTokenAlgorithm): Promise<{ kid: string; jwk: JWK }> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { kid, jwk: { ...jwk, kid, alg, use: 'sig' } };
}

/**
 * Signing keys on disk: `keys.json` lists them (newest active last), each private key is a
 * PKCS#8 PEM file readable by its owner only. The running apps (any number of auth instances on one
 * shared directory) and `npm run keys:rotate` share it; every change is made under a lock file, so
 * two instances starting together create one key, not one each.
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

  /** The keys, with an unretired key of `alg` among them: created when there is none (`created` says whether by this call). */
  async ensureActive(alg: AccessTokenAlgorithm, now: Date): Promise<{ keys: SigningKey[]; created: boolean }> {
    const hasActive = (keys: SigningKey[]) => keys.some((key) => key.alg === alg && !key.retiredAt);
    const keys = await this.load();
    if (hasActive(keys)) return { keys, created: false };
    return this.locked(async () => {
      // Another instance may have created it while this one waited for the lock.
      const current = await this.load();
      if (hasActive(current)) return { keys: current, created: false };
      return { keys: await this.addKey(alg, now, current), created: true };
    });
  }

  /** A new key takes over signing; every other key is retired (published, no longer signing). */
  rotate(alg: AccessTokenAlgorithm, now: Date): Promise<SigningKey[]> {
    return this.locked(async () => this.addKey(alg, now, await this.load()));
  }

  private async addKey(alg: AccessTokenAlgorithm, now: Date, keys: SigningKey[]): Promise<SigningKey[]> {
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
  prune(now: Date, publishForSeconds: number): Promise<SigningKey[]> {
    return this.locked(() => this.pruneUnlocked(now, publishForSeconds));
  }

  private async pruneUnlocked(now: Date, publishForSeconds: number): Promise<SigningKey[]> {
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
    const temporary = `${this.manifestPath}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, JSON.stringify(manifest, null, 2), { mode: 0o600 });
    await rename(temporary, this.manifestPath);
  }

  /**
   * Runs `work` holding the directory's lock file (created exclusively; on a shared volume too),
   * waiting for another holder; a lock left by a process that died is taken over after a while.
   */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const lock = join(this.dir, LOCK);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await open(lock, 'wx', 0o600)).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const heldFor = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
        if (heldFor > STALE_LOCK_MS) await rm(lock, { force: true });
        else if (Date.now() > deadline)
          throw new Error(`${lock} is held by another process; remove it if no key change is under way`, {
            cause: error,
          });
        else await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    try {
      return await work();
    } finally {
      await rm(lock, { force: true });
    }
  }
}
