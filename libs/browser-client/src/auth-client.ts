/// <reference lib="dom" />
/**
 * A small typed client for SPAs: Facebook or Google login through the platform in one of three modes, one
 * refresh for any number of calls (and tabs) that need it at once, one retry after a 401, tabs that
 * learn of each other's login and logout, and logout. No dependencies; runs in any modern browser.
 *
 * - `cookie` (default): the access token in memory, the refresh token in an HttpOnly cookie the
 *   page cannot read; a reload or a new tab signs in silently.
 * - `session`: the platform keeps the session (a BFF); the page holds an HttpOnly cookie, never a token.
 * - `memory`: both tokens in memory; for native apps and tests (a reload signs out).
 */

export type AuthMode = 'memory' | 'cookie' | 'session';

/** A login provider the platform offers (`GET /auth/<provider>`). */
export type LoginProviderName = 'facebook' | 'google' | (string & {});

export interface AuthClientOptions {
  /** Where the SPA comes back after a provider's login; must be in ALLOWED_REDIRECT_URIS. */
  redirectUri: string;
  /** Default `cookie`. */
  mode?: AuthMode;
  /** The platform's origin; default: the page's own. */
  baseUrl?: string;
  /** Holds the PKCE verifier across the redirect; default: sessionStorage. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  navigate?: (url: string) => void;
  crypto?: Crypto;
  /** Serialises refreshes across tabs; default: navigator.locks where the browser has it. */
  locks?: Pick<LockManager, 'request'> | null;
  /** Tells other tabs of logins and logouts; default: a BroadcastChannel where the browser has it. */
  channel?: Pick<BroadcastChannel, 'postMessage' | 'addEventListener'> | null;
  /** Waits before retrying a refresh the platform could not serve (default: setTimeout). */
  schedule?: (retry: () => void, delayMs: number) => void;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
}

/** What `GET /auth/session` says about this browser. */
export type SessionState =
  | { state: 'signed-in'; account: { id: string; name: string } }
  | { state: 'returning'; account: { name: string } }
  | { state: 'anonymous' };

/**
 * A login that did not complete: the provider's or the platform's `error` and its description
 * (for links also `account_exists`: that login belongs to another account; `already_linked`).
 */
export class AuthError extends Error {
  constructor(
    readonly error: string,
    description?: string,
    /** The HTTP status of the refusal, when it came from the platform. */
    readonly status?: number,
    /** Seconds the platform asked to wait (Retry-After), on a 429 or 503. */
    readonly retryAfter?: number,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'AuthError';
  }
}

const VERIFIER_KEY = 'auth-client.pkce-verifier';
const LOCK_NAME = 'auth-client.refresh';
const CHANNEL_NAME = 'auth-client';
/** Header the platform requires on cookie-authenticated changes (its CSRF rule). */
const FROM_SCRIPT = { 'x-requested-with': 'auth-client' };
const MAX_RETRY_DELAY_MS = 60_000;

type TabMessage = { type: 'login' } | { type: 'logout' };

const base64url = (bytes: ArrayBuffer | Uint8Array): string => {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** Only a refusal of the session itself ends it; a 429, a 503 or a network error says nothing about it. */
const endsSession = (error: unknown) =>
  error instanceof AuthError && (error.status === 401 || (error.status === 400 && error.error === 'invalid_grant'));

export class AuthClient {
  readonly mode: AuthMode;
  private accessToken?: string;
  private refreshToken?: string;
  /** Session mode: the platform holds a usable session for this browser. */
  private sessionActive = false;
  private refreshing?: Promise<boolean>;
  private retryDelayMs = 0;
  private retryPending = false;
  /** Bumped at every sign-out, so a retry scheduled before it does not revive the session. */
  private generation = 0;
  private readonly baseUrl: string;
  private readonly storage: NonNullable<AuthClientOptions['storage']>;
  private readonly http: typeof fetch;
  private readonly navigate: (url: string) => void;
  private readonly crypto: Crypto;
  private readonly locks: AuthClientOptions['locks'];
  private readonly channel: AuthClientOptions['channel'];
  private readonly schedule: NonNullable<AuthClientOptions['schedule']>;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(private readonly options: AuthClientOptions) {
    this.mode = options.mode ?? 'cookie';
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.storage = options.storage ?? sessionStorage;
    this.http = options.fetch ?? ((...args) => fetch(...args));
    this.navigate = options.navigate ?? ((url) => window.location.assign(url));
    this.crypto = options.crypto ?? globalThis.crypto;
    this.locks = options.locks === undefined ? globalThis.navigator?.locks : options.locks;
    this.channel =
      options.channel === undefined
        ? typeof BroadcastChannel === 'function'
          ? new BroadcastChannel(CHANNEL_NAME)
          : null
        : options.channel;
    this.schedule = options.schedule ?? ((retry, delayMs) => void setTimeout(retry, delayMs));
    this.channel?.addEventListener(
      'message',
      (event) => void this.fromOtherTab((event as MessageEvent<TabMessage>).data),
    );
  }

  get signedIn(): boolean {
    return this.mode === 'session' ? this.sessionActive : this.accessToken !== undefined;
  }

  /** Called with true after a login, false after a logout or a session that ended (in any tab). */
  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the browser to a provider's login (default Facebook); it comes back to `redirectUri`. */
  async startLogin(options: { provider?: LoginProviderName } = {}): Promise<void> {
    await this.goToProvider(options.provider ?? 'facebook', {});
  }

  /**
   * Adds a provider's login to the signed-in account: the browser goes to the provider and comes
   * back signed in, with `?linked=<provider>` (or `?error=account_exists` when that login already
   * belongs to another account; accounts are never merged).
   */
  async linkProvider(provider: LoginProviderName): Promise<void> {
    const response = await this.fetch('/auth/link-tickets', { method: 'POST' });
    if (response.status !== 201) throw await this.refusal(response);
    const { ticket } = (await response.json()) as { ticket: string };
    await this.goToProvider(provider, { link_ticket: ticket });
  }

  /** Removes the account's login with `provider` (refused with 409 for its only login). */
  async unlinkProvider(provider: LoginProviderName): Promise<void> {
    const response = await this.fetch(`/auth/me/logins/${encodeURIComponent(provider)}`, { method: 'DELETE' });
    if (response.status !== 204) throw await this.refusal(response);
  }

  private async goToProvider(provider: LoginProviderName, extra: Record<string, string>): Promise<void> {
    const query = new URLSearchParams({ redirect_uri: this.options.redirectUri });
    if (this.mode === 'session') {
      query.set('mode', 'session');
    } else {
      const verifier = base64url(this.crypto.getRandomValues(new Uint8Array(32)));
      const challenge = base64url(await this.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      this.storage.setItem(VERIFIER_KEY, verifier);
      query.set('code_challenge', challenge);
      query.set('code_challenge_method', 'S256');
    }
    for (const [name, value] of Object.entries(extra)) query.set(name, value);
    this.navigate(`${this.baseUrl}/auth/${encodeURIComponent(provider)}?${query}`);
  }

  private async refusal(response: Response): Promise<AuthError> {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    return new AuthError(body.error ?? 'request_failed', body.message ?? response.statusText, response.status);
  }

  /**
   * On the page the login returns to: redeems `?code=` (or throws the `?error=`). Answers false
   * when the URL holds neither (session mode never has a code: call {@link restore}). Remove the
   * parameters from the address bar afterwards.
   */
  async completeLogin(currentUrl: string): Promise<boolean> {
    const params = new URL(currentUrl).searchParams;
    const error = params.get('error');
    if (error) throw new AuthError(error, params.get('error_description') ?? undefined);
    const code = params.get('code');
    if (!code || this.mode === 'session') return false;
    const verifier = this.storage.getItem(VERIFIER_KEY);
    this.storage.removeItem(VERIFIER_KEY);
    if (!verifier) throw new AuthError('invalid_request', 'this browser did not start the login');
    const parameters: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: this.options.redirectUri,
    };
    if (this.mode === 'cookie') parameters.refresh_token_delivery = 'cookie';
    await this.tokenRequest(parameters);
    this.tell({ type: 'login' });
    return true;
  }

  /** What the platform knows of this browser; spends nothing. */
  async session(): Promise<SessionState> {
    const response = await this.http(`${this.baseUrl}/auth/session`, { credentials: 'include' });
    if (!response.ok) throw new AuthError('server_error', response.statusText, response.status);
    return (await response.json()) as SessionState;
  }

  /**
   * On page load: picks up the session this browser already has (cookie and session mode), so a
   * reload or a new tab is signed in without a login. Answers the session's state, e.g. to offer
   * "Continue as Alice" to a returning user.
   */
  async restore(): Promise<SessionState> {
    const state = await this.session();
    if (state.state !== 'signed-in' || this.mode === 'memory' || this.signedIn) return state;
    if (this.mode === 'session') {
      this.setSignedIn(true);
      return state;
    }
    return (await this.refresh()) ? state : this.session();
  }

  /**
   * fetch() as the signed-in user: with the access token (memory and cookie mode) or the session
   * cookie (session mode). After a 401 the session is refreshed (once, however many calls and tabs
   * are waiting) and the call is retried once.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.send(path, init);
    if (response.status !== 401) return response;
    if (this.mode === 'session') {
      if (this.sessionActive) this.sessionEnded();
      return response;
    }
    if (!this.signedIn) return response;
    return (await this.refresh()) ? this.send(path, init) : response;
  }

  /**
   * One refresh at a time in this tab, and across tabs where the browser has Web Locks. Answers
   * whether there is a fresh access token. A refusal of the session signs out (every tab); a 429,
   * 503 or network error keeps the session and tries again later (Retry-After honoured, then backing off).
   */
  refresh(): Promise<boolean> {
    if (this.mode === 'session') return Promise.resolve(this.sessionActive);
    this.refreshing ??= this.serialised(() => this.rotate()).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const refreshToken = this.refreshToken;
    const held = this.mode !== 'memory' || refreshToken !== undefined;
    this.clear();
    this.tell({ type: 'logout' });
    if (!held) return;
    await this.http(`${this.baseUrl}/auth/logout`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', ...FROM_SCRIPT },
      body: JSON.stringify(this.mode === 'memory' ? { refresh_token: refreshToken } : {}),
    });
  }

  /**
   * Notices a session that ended elsewhere (a ban, a revocation from another device, an admin):
   * while the page is visible, asks the platform every `intervalMs` (default 5 s, keycloak-js's
   * session check interval) and when the page comes back into view, and signs every tab out once
   * the session is gone. An outage or a 5xx says nothing about the session and changes nothing.
   * Returns a function that stops watching.
   */
  watchSession({ intervalMs = 5000 }: { intervalMs?: number } = {}): () => void {
    const check = () => {
      if (this.signedIn && globalThis.document?.visibilityState !== 'hidden') void this.checkSession();
    };
    const timer = setInterval(check, intervalMs);
    globalThis.document?.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      globalThis.document?.removeEventListener('visibilitychange', check);
    };
  }

  private async checkSession(): Promise<void> {
    const generation = this.generation;
    try {
      // Memory mode has no cookie to ask about: a call with the token does, its 401 leads to a refresh
      // the platform refuses for an ended session, and that signs out.
      if (this.mode === 'memory') return void (await this.fetch('/auth/me'));
      const state = await this.session();
      if (state.state !== 'signed-in' && generation === this.generation && this.signedIn) this.sessionEnded();
    } catch {
      // Unreachable or failing: keep the session; the next check or call tells.
    }
  }

  private async rotate(): Promise<boolean> {
    const parameters: Record<string, string> = { grant_type: 'refresh_token' };
    if (this.mode === 'memory') {
      if (!this.refreshToken) return false;
      parameters.refresh_token = this.refreshToken;
    }
    try {
      await this.tokenRequest(parameters);
      this.retryDelayMs = 0;
      return true;
    } catch (error) {
      if (endsSession(error)) {
        this.sessionEnded();
      } else {
        this.retryLater(error instanceof AuthError ? error.retryAfter : undefined);
      }
      return false;
    }
  }

  private retryLater(retryAfterSeconds: number | undefined): void {
    this.retryDelayMs = Math.min(
      MAX_RETRY_DELAY_MS,
      Math.max(retryAfterSeconds ? retryAfterSeconds * 1000 : 0, this.retryDelayMs ? this.retryDelayMs * 2 : 1000),
    );
    if (this.retryPending) return;
    this.retryPending = true;
    const generation = this.generation;
    this.schedule(() => {
      this.retryPending = false;
      if (generation === this.generation) void this.refresh();
    }, this.retryDelayMs);
  }

  private async serialised<T>(work: () => Promise<T>): Promise<T> {
    if (!this.locks) return work();
    return this.locks.request(LOCK_NAME, work) as Promise<T>;
  }

  private send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.mode === 'session') {
      for (const [name, value] of Object.entries(FROM_SCRIPT)) headers.set(name, value);
      return this.http(`${this.baseUrl}${path}`, { ...init, headers, credentials: 'include' });
    }
    if (this.accessToken) headers.set('authorization', `Bearer ${this.accessToken}`);
    return this.http(`${this.baseUrl}${path}`, { ...init, headers });
  }

  private async tokenRequest(parameters: Record<string, string>): Promise<void> {
    const response = await this.http(`${this.baseUrl}/auth/token`, {
      method: 'POST',
      credentials: this.mode === 'cookie' ? 'include' : 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...FROM_SCRIPT },
      body: new URLSearchParams(parameters).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & {
      error?: string;
      error_description?: string;
      message?: string;
    };
    if (!response.ok || !body.access_token) {
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      throw new AuthError(
        body.error ?? (response.status === 429 ? 'rate_limited' : 'server_error'),
        body.error_description ?? body.message,
        response.status,
        retryAfter,
      );
    }
    const was = this.signedIn;
    this.accessToken = body.access_token;
    if (this.mode === 'memory') this.refreshToken = body.refresh_token ?? this.refreshToken;
    if (!was) this.listeners.forEach((listener) => listener(true));
  }

  private async fromOtherTab(message: TabMessage): Promise<void> {
    if (message?.type === 'logout') return this.clear();
    if (message?.type !== 'login' || this.signedIn) return;
    if (this.mode === 'cookie') await this.refresh();
    if (this.mode === 'session') this.setSignedIn(true);
  }

  private tell(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  private sessionEnded(): void {
    this.clear();
    this.tell({ type: 'logout' });
  }

  /** Session mode's counterpart of holding an access token. */
  private setSignedIn(signedIn: boolean): void {
    const was = this.sessionActive;
    this.sessionActive = signedIn;
    if (was !== signedIn) this.listeners.forEach((listener) => listener(signedIn));
  }

  private clear(): void {
    const was = this.signedIn;
    this.generation += 1;
    this.accessToken = undefined;
    this.refreshToken = undefined;
    this.sessionActive = false;
    if (was) this.listeners.forEach((listener) => listener(false));
  }
}
