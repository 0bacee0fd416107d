import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { Environment } from '@app/common';
import { JWKS_REFETCH_INTERVAL_MS } from '@app/security';
import { Clock } from '../clock/clock';
import { type SigningKey, SigningKeyStore } from './signing-key-store';
import { AccessTokensConfig } from '../shared/access-tokens.config';

/** Seconds a retired key stays published beyond the access-token lifetime (clock skew, in-flight calls). */
const PUBLISH_MARGIN_SECONDS = 60;
const RELOAD_CHECK_MS = 2000;
/**
 * A new key signs only this long after it was created. By then every auth instance has re-read the
 * shared key store (RELOAD_CHECK_MS) and publishes it, and any JWKS a service fetched in the last
 * JWKS_REFETCH_INTERVAL_MS holds it; a service whose copy is older may refetch at once. So no
 * service meets a token whose key it cannot get, whichever instance it asks.
 */
export const KEY_ACTIVATION_SECONDS = Math.ceil((RELOAD_CHECK_MS + JWKS_REFETCH_INTERVAL_MS) / 1000) + 3;

/**
 * The auth app's signing keys. Only this app holds private keys; everyone else gets the JWKS.
 * Re-reads the key store when it changes, so `npm run keys:rotate` takes effect without a restart.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger('SigningKeys');
  private readonly store: SigningKeyStore;
  private keys: SigningKey[] = [];
  private readonly publicKeys = new Map<string, KeyObject>();
  private loadedMtime = 0;
  private checkedAt = 0;

  constructor(
    private readonly env: Environment,
    private readonly config: AccessTokensConfig,
    private readonly clock: Clock,
  ) {
    this.store = new SigningKeyStore(config.JWT_KEYS_DIR);
  }

  get publishForSeconds(): number {
    return this.config.ACCESS_TOKEN_TTL + PUBLISH_MARGIN_SECONDS;
  }

  async onModuleInit(): Promise<void> {
    const { keys, created } = await this.store.ensureActive(this.env.JWT_ALG, this.clock.now());
    this.keys = keys;
    if (created) {
      const level = this.env.NODE_ENV === 'production' ? 'warn' : 'log';
      this.logger[level](`generated a ${this.env.JWT_ALG} signing key in ${this.config.JWT_KEYS_DIR}`);
    }
    this.loadedMtime = await this.manifestMtime();
  }

  /**
   * The key that signs new tokens: the newest one created at least KEY_ACTIVATION_SECONDS ago (the
   * previous key signs until then); when every key is younger (a first key, or a rotation just after
   * it), the first, which has been published longest.
   */
  async activeKey(): Promise<SigningKey> {
    await this.reloadIfChanged();
    // In the store's order (newest last), which no host's clock can reorder.
    const keys = this.keys.filter((key) => key.alg === this.env.JWT_ALG);
    const activeFrom = this.clock.now().getTime() - KEY_ACTIVATION_SECONDS * 1000;
    const signing = keys.filter((key) => key.createdAt.getTime() <= activeFrom).at(-1) ?? keys[0];
    if (!signing || (signing.retiredAt && !keys.some((key) => !key.retiredAt)))
      throw new Error(`no active ${this.env.JWT_ALG} signing key`);
    return signing;
  }

  /** Public keys of the active key and of retired keys whose tokens may still be live. */
  async jwks(): Promise<JSONWebKeySet> {
    await this.reloadIfChanged();
    const now = this.clock.now().getTime();
    return {
      keys: this.keys
        .filter((key) => key.alg === this.env.JWT_ALG)
        .filter((key) => !key.retiredAt || key.retiredAt.getTime() + this.publishForSeconds * 1000 > now)
        .map((key) => key.publicJwk),
    };
  }

  /** The public key that verifies tokens signed by `kid`, while that key is published. */
  async verificationKey(kid: string | undefined): Promise<KeyObject | undefined> {
    const published = (await this.jwks()).keys.some((jwk) => jwk.kid === kid);
    return published ? (this.publicKeys.get(kid!) ?? this.cachePublicKey(kid!)) : undefined;
  }

  private cachePublicKey(kid: string): KeyObject | undefined {
    const key = this.keys.find((k) => k.kid === kid);
    if (!key) return undefined;
    const publicKey = createPublicKey(key.privateKey);
    this.publicKeys.set(kid, publicKey);
    return publicKey;
  }

  /**
   * Publishes a fresh key at once and signs with it KEY_ACTIVATION_SECONDS later; the previous one
   * stays published until its tokens expire.
   */
  async rotate(): Promise<SigningKey> {
    const now = this.clock.now();
    await this.store.prune(now, this.publishForSeconds);
    this.keys = await this.store.rotate(this.env.JWT_ALG, now);
    this.loadedMtime = await this.manifestMtime();
    return this.keys.at(-1)!;
  }

  private async reloadIfChanged(): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < RELOAD_CHECK_MS) return;
    this.checkedAt = now;
    const mtime = await this.manifestMtime();
    if (mtime !== this.loadedMtime) {
      this.keys = await this.store.load();
      this.loadedMtime = mtime;
      this.logger.log('signing keys reloaded');
    }
  }

  private async manifestMtime(): Promise<number> {
    try {
      return (await stat(this.store.manifestPath)).mtimeMs;
    } catch {
      return 0;
    }
  }
}
