import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, Environment, PlatformMetrics } from '@app/common';
import { AUTH_EVENTS } from '@app/contracts';
import type { AccessTokenClaims } from './access-token-claims';
import { AccessTokenVerifier, InvalidAccessTokenError } from './access-token-verifier';
import { AuthDirectory, type RevocationFeedEntry } from './auth-directory';
import { JwksCache } from './jwks-cache';
import { KeysUnavailableError } from './keys-unavailable.error';
import { RevocationRegistry } from './revocation-registry';
import { SECURITY_OPTIONS, type SecurityOptions } from './security-options';

const VERIFIED_CACHE_LIMIT = 10_000;
/**
 * Verified tokens are filed under the tail of their signature: hashing those characters costs a
 * twentieth of hashing the whole token, which every request would pay (each arrives as a new
 * string). A hit still has to be the very same token, character for character.
 */
const CACHE_KEY_LENGTH = 32;
const cacheKeyOf = (token: string) => token.slice(-CACHE_KEY_LENGTH);

interface VerifiedToken {
  token: string;
  claims: AccessTokenClaims;
}

/** The refusals the verifiers make, as metric labels; anything else is `other` (labels stay a fixed set). */
const FAILURE_REASONS = new Set([
  'malformed claims',
  'malformed token',
  'not an access token',
  'token expired',
  'token from another issuer',
  'token issued in the future',
  'token not meant for this service',
  'token not yet valid',
  'token rejected',
  'token revoked',
]);
const failureReason = (message: string) => (FAILURE_REASONS.has(message) ? message.replace(/ /g, '_') : 'other');
const JWKS_REFRESH_MS = 5 * 60_000;

/**
 * Verifies access tokens on the request path without calling the auth app: keys come from a
 * cached JWKS, revocations from a feed pulled in the background. A token verified once is
 * remembered until it expires, so a repeat costs a map lookup and a revocation check.
 */
@Injectable()
export class TokenVerificationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('TokenVerification');
  readonly jwks: JwksCache;
  readonly revocations = new RevocationRegistry();
  private readonly verifiers = new Map<string, AccessTokenVerifier>();
  private readonly verified = new Map<string, VerifiedToken>();
  private poller?: NodeJS.Timeout;
  private keyRefresher?: NodeJS.Timeout;
  private feedFailing = false;
  private announcements?: NatsConnection;
  private syncing = false;
  private syncAgain = false;
  private stopped = false;

  constructor(
    private readonly env: Environment,
    private readonly directory: AuthDirectory,
    @Inject(SECURITY_OPTIONS) private readonly options: SecurityOptions,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {
    this.jwks = new JwksCache(directory, env.JWT_ALG);
  }

  async onModuleInit(): Promise<void> {
    const interval = this.options.revocationPollMs ?? this.env.REVOCATION_POLL_MS;
    this.poller = setInterval(() => void this.syncRevocations(), interval);
    this.poller.unref();
    if (this.options.revocationAnnouncements && this.env.TRANSPORT === 'nats') void this.followAnnouncements();
    // Known keys before the first request, and kept fresh, so an auth outage later costs nothing.
    // Not awaited: in split mode auth may start after this service.
    void this.jwks.refresh();
    this.keyRefresher = setInterval(() => void this.jwks.refresh(), JWKS_REFRESH_MS);
    this.keyRefresher.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearInterval(this.keyRefresher);
    await this.announcements?.close();
  }

  /** Pulls the feed whenever auth announces a revocation; the poll stays as the fallback. */
  private async followAnnouncements(): Promise<void> {
    try {
      const connection = await connectNats(this.env, 'revocation-announcements');
      // Shut down while connecting: an open connection would keep the process alive.
      if (this.stopped) return void (await connection.close());
      this.announcements = connection;
      this.announcements.subscribe(AUTH_EVENTS.revocationsChanged, { callback: () => void this.syncSoon() });
    } catch (error) {
      this.logger.warn(`not following revocation announcements, polling only: ${(error as Error).message}`);
    }
  }

  /** One pull at a time; announcements arriving meanwhile make exactly one more. */
  private async syncSoon(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        await this.syncRevocations();
      } while (this.syncAgain);
    } finally {
      this.syncing = false;
    }
  }

  /** Full verification for `audience`, then revocation; throws InvalidAccessTokenError (counted by reason). */
  async verify(token: string, audience: string): Promise<AccessTokenClaims> {
    const cacheKey = typeof token === 'string' ? cacheKeyOf(token) : '';
    const remembered = this.verified.get(cacheKey);
    let claims = remembered?.token === token ? remembered.claims : undefined;
    if (claims) {
      if (claims.exp * 1000 <= Date.now()) {
        this.verified.delete(cacheKey);
        throw this.refused(new InvalidAccessTokenError('token expired'));
      }
    } else {
      try {
        claims = await this.verifierFor(audience).verify(token);
      } catch (error) {
        if (error instanceof KeysUnavailableError) throw error;
        throw this.refused(
          error instanceof InvalidAccessTokenError ? error : new InvalidAccessTokenError('token rejected'),
        );
      }
      this.remember(cacheKey, { token, claims });
    }
    if (!claims.aud.includes(audience))
      throw this.refused(new InvalidAccessTokenError('token not meant for this service'));
    if (this.revocations.isRevoked(claims)) throw this.refused(new InvalidAccessTokenError('token revoked'));
    return claims;
  }

  /** Counts a refusal by its reason where it is made: no wrapper promise on the hot path of every token. */
  private refused(error: InvalidAccessTokenError): InvalidAccessTokenError {
    this.metrics?.tokenVerificationFailures.inc({ reason: failureReason(error.message) });
    return error;
  }

  /** Pulls what was revoked since the last pull; keeps serving with what it knows if auth is down. */
  async syncRevocations(): Promise<void> {
    try {
      for (;;) {
        const caughtUp = this.revocations.cursor !== undefined;
        const page = await this.directory.revocations(this.revocations.cursor);
        this.revocations.apply(page.entries);
        this.observeApplied(page.entries, caughtUp);
        if (page.entries.length === 0) this.revocations.cursor ??= page.cursor;
        if (page.entries.length < 500) break;
      }
      this.revocations.prune(Math.floor(Date.now() / 1000));
      this.metrics?.revocationFeedSynced.set(Date.now() / 1000);
      if (this.feedFailing) this.logger.log('revocation feed reachable again');
      this.feedFailing = false;
    } catch (error) {
      if (!this.feedFailing)
        this.logger.warn(`revocation feed unreachable, serving with what is known: ${(error as Error).message}`);
      this.feedFailing = true;
    }
  }

  /** Counts what was applied; the delay only of revocations made while this process was following (not its start-up catch-up). */
  private observeApplied(entries: RevocationFeedEntry[], following: boolean): void {
    if (!this.metrics || entries.length === 0) return;
    this.metrics.revocationsApplied.inc(entries.length);
    if (!following) return;
    const now = Date.now();
    for (const entry of entries)
      if (entry.revokedAt !== undefined)
        this.metrics.revocationPropagation.observe(Math.max(0, now - entry.revokedAt) / 1000);
  }

  private remember(cacheKey: string, entry: VerifiedToken): void {
    if (this.verified.size >= VERIFIED_CACHE_LIMIT && !this.verified.has(cacheKey)) {
      // Maps iterate in insertion order: drop the oldest entry.
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(cacheKey, entry);
  }

  private verifierFor(audience: string): AccessTokenVerifier {
    let verifier = this.verifiers.get(audience);
    if (!verifier) {
      verifier = new AccessTokenVerifier({
        algorithm: this.env.JWT_ALG,
        issuer: this.env.JWT_ISSUER!,
        audience,
        keys: (kid) => this.jwks.knownKey(kid) ?? this.jwks.keyFor(kid),
      });
      this.verifiers.set(audience, verifier);
    }
    return verifier;
  }
}
