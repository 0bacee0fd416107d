import { Injectable, Logger, Optional } from '@nestjs/common';
import { PlatformMetrics } from '@app/common';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import * as oidc from 'openid-client';
import { GoogleRejectedError, GoogleUnavailableError } from './google-errors';
import { type GoogleIdTokenClaims, verifyGoogleIdToken } from './google-id-token';
import { GoogleSettings } from './google-settings';

/** How long the discovery document is trusted before it is read again. */
const DISCOVERY_MAX_AGE_MS = 24 * 3600 * 1000;
/** After a failed discovery, how long callers are answered "unavailable" before trying again. */
const DISCOVERY_RETRY_MS = 5_000;
/** The JWKS: kept up to 10 min, refetched on an unknown `kid` at most once per 5 s, whatever tokens arrive. */
const JWKS_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
const JWKS_COOLDOWN_MS = 5_000;

/** openid-client's codes for "Google did not answer like an OpenID provider", as opposed to "it said no". */
const UNAVAILABLE = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
]);

interface Discovered {
  config: oidc.Configuration;
  keys: JWTVerifyGetKey;
  at: number;
}

/**
 * Google as an OpenID provider, through openid-client (discovery, the authorization URL with PKCE
 * and nonce, the code exchange with its `state` check) and jose (the JWKS and the ID token's full
 * verification, for the redirect flow and Google Identity Services' credential alike).
 * Discovery is lazy: Google being down at start-up does not stop the auth app; logins with Google
 * answer "unavailable" until it is back.
 */
@Injectable()
export class GoogleOpenIdClient {
  private discovered?: Promise<Discovered>;
  private failedAt = 0;
  private readonly logger = new Logger('Google');

  constructor(
    private readonly settings: GoogleSettings,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  /** Timed by operation and outcome (identity_provider_request_duration_seconds). */
  private timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (!this.metrics) return call();
    return this.metrics.timeProviderCall('google', operation, call, (error) => error instanceof GoogleRejectedError);
  }

  /** Where to send the browser: Google's authorization endpoint with our client, PKCE, state and nonce. */
  async authorizationUrl(state: string, nonce: string, codeVerifier: string): Promise<URL> {
    const { config } = await this.discovery();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.callbackUrl,
      scope: 'openid email profile',
      response_type: 'code',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      prompt: 'select_account',
    });
  }

  /** The callback: exchanges the code (state and PKCE checked) and verifies the ID token it yields. */
  async exchangeCode(
    callbackQuery: Record<string, unknown>,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<GoogleIdTokenClaims> {
    const { config } = await this.discovery();
    const current = new URL(this.settings.callbackUrl);
    for (const name of ['code', 'state', 'iss', 'scope']) {
      const value = callbackQuery[name];
      if (typeof value === 'string') current.searchParams.set(name, value);
    }
    // Classified before the timer stops, so the metric tells a refusal from an outage.
    const { id_token: idToken } = await this.timed('token', () =>
      oidc
        .authorizationCodeGrant(config, current, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        })
        .catch((error: unknown) => {
          throw this.classify(error, 'Google refused the code');
        }),
    );
    if (!idToken) throw new GoogleRejectedError('Google returned no ID token');
    return this.verifyIdToken(idToken, { nonce: checks.nonce });
  }

  /** An ID token from any flow, verified completely (see verifyGoogleIdToken). */
  async verifyIdToken(
    idToken: string,
    options: { nonce?: string; maxAge?: number } = {},
  ): Promise<GoogleIdTokenClaims> {
    const { config, keys } = await this.discovery();
    return verifyGoogleIdToken(idToken, {
      issuer: config.serverMetadata().issuer,
      clientId: this.settings.clientId,
      keys,
      ...options,
    });
  }

  private discovery(): Promise<Discovered> {
    const now = Date.now();
    if (!this.discovered && now - this.failedAt < DISCOVERY_RETRY_MS)
      return Promise.reject(new GoogleUnavailableError('Google’s discovery document is unavailable'));
    if (!this.discovered) {
      this.discovered = this.timed('discovery', () => this.discover()).catch((error: unknown) => {
        this.discovered = undefined;
        this.failedAt = Date.now();
        this.logger.warn(`Google discovery failed: ${(error as Error).message}`);
        throw new GoogleUnavailableError('Google’s discovery document is unavailable');
      });
      return this.discovered;
    }
    return this.discovered.then((found) => {
      // Stale: use it this time, read it again for the next caller.
      if (Date.now() - found.at > DISCOVERY_MAX_AGE_MS) this.discovered = undefined;
      return found;
    });
  }

  private async discover(): Promise<Discovered> {
    const issuer = new URL(this.settings.issuerUrl);
    const config = await oidc.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
      timeout: Math.ceil(this.settings.timeoutMs / 1000),
      // Plain http only reaches here for a loopback issuer outside production (GoogleConfig checks it).
      execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    });
    const jwksUri = config.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error('the discovery document has no jwks_uri');
    const keys = createRemoteJWKSet(new URL(jwksUri), {
      timeoutDuration: this.settings.timeoutMs,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      cooldownDuration: JWKS_COOLDOWN_MS,
    });
    return { config, keys, at: Date.now() };
  }

  private classify(error: unknown, refused: string): Error {
    if (error instanceof GoogleRejectedError || error instanceof GoogleUnavailableError) return error;
    if (error instanceof oidc.ResponseBodyError)
      return error.status >= 500
        ? new GoogleUnavailableError('Google could not exchange the code')
        : new GoogleRejectedError(refused);
    if (error instanceof oidc.AuthorizationResponseError) return new GoogleRejectedError(refused);
    // openid-client's own checks of what came back (state, nonce, iss, aud, exp of the ID token)
    // are refusals; a timeout or an answer that is not OAuth at all (an outage page) is not.
    if (error instanceof oidc.ClientError && !UNAVAILABLE.has(String(error.code)))
      return new GoogleRejectedError(`${refused}: ${error.message}`);
    return new GoogleUnavailableError('Google could not be reached');
  }
}
