import { createPublicKey, type KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { JWK } from 'jose';
import type { AuthDirectory } from './auth-directory';
import { KeysUnavailableError } from './keys-unavailable.error';

/** At most one JWKS fetch per this interval for unknown `kid`s, so random kids cannot hammer auth. */
export const JWKS_REFETCH_INTERVAL_MS = 10_000;

/** Public keys by `kid`, fetched from the auth app and refreshed when an unknown `kid` shows up. */
export class JwksCache {
  private readonly logger = new Logger('Jwks');
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private lastFetchFailed = false;
  private inflight?: Promise<void>;
  fetches = 0;

  constructor(
    private readonly directory: AuthDirectory,
    private readonly algorithm: string,
  ) {}

  /** The key for `kid` if already known, without waiting: the path every request takes. */
  knownKey(kid: string | undefined): KeyObject | undefined {
    return kid === undefined ? undefined : this.keys.get(kid);
  }

  /** Throws KeysUnavailableError when `kid` is unknown and the auth app could not be asked for it. */
  async keyFor(kid: string | undefined): Promise<KeyObject | undefined> {
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) return undefined;
    const known = this.keys.get(kid);
    if (known) return known;
    if (Date.now() - this.lastFetch >= JWKS_REFETCH_INTERVAL_MS || this.keys.size === 0) await this.refresh();
    const key = this.keys.get(kid);
    if (!key && this.lastFetchFailed) throw new KeysUnavailableError();
    return key;
  }

  async refresh(): Promise<void> {
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetch(): Promise<void> {
    this.lastFetch = Date.now();
    this.fetches += 1;
    try {
      const { keys } = await this.directory.jwks();
      const next = new Map<string, KeyObject>();
      for (const jwk of keys as JWK[]) {
        if (!jwk.kid || (jwk.alg && jwk.alg !== this.algorithm)) continue;
        next.set(jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' }));
      }
      this.keys = next;
      this.lastFetchFailed = false;
    } catch (error) {
      this.lastFetchFailed = true;
      // Keep the keys we have: services go on verifying while auth is unreachable.
      this.logger.warn(`could not fetch the JWKS: ${(error as Error).message}`);
    }
  }
}
