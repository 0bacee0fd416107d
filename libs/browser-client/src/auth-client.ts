/// <reference lib="dom" />
/**
 * A small typed client for SPAs: Facebook login with PKCE through the platform, the access token
 * kept in memory only, one refresh for any number of calls that need it at once, one retry
 * after a 401, and logout. No dependencies; runs in any modern browser.
 */

export interface AuthClientOptions {
  /** Where the SPA comes back after the Facebook login; must be in ALLOWED_REDIRECT_URIS. */
  redirectUri: string;
  /** The platform's origin; default: the page's own. */
  baseUrl?: string;
  /** Holds the PKCE verifier across the redirect; default: sessionStorage. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch?: typeof fetch;
  navigate?: (url: string) => void;
  crypto?: Crypto;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
}

/** A login that did not complete: Facebook's or the platform's `error` and its description. */
export class AuthError extends Error {
  constructor(
    readonly error: string,
    description?: string,
    /** The HTTP status of the refusal, when it came from the platform. */
    readonly status?: number,
  ) {
    super(description ? `${error}: ${description}` : error);
    this.name = 'AuthError';
  }
}

const VERIFIER_KEY = 'auth-client.pkce-verifier';

const base64url = (bytes: ArrayBuffer | Uint8Array): string => {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export class AuthClient {
  private accessToken?: string;
  private refreshToken?: string;
  private refreshing?: Promise<boolean>;
  private readonly baseUrl: string;
  private readonly storage: NonNullable<AuthClientOptions['storage']>;
  private readonly http: typeof fetch;
  private readonly navigate: (url: string) => void;
  private readonly crypto: Crypto;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(private readonly options: AuthClientOptions) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.storage = options.storage ?? sessionStorage;
    this.http = options.fetch ?? ((...args) => fetch(...args));
    this.navigate = options.navigate ?? ((url) => window.location.assign(url));
    this.crypto = options.crypto ?? globalThis.crypto;
  }

  get signedIn(): boolean {
    return this.accessToken !== undefined;
  }

  /** Called with true after a login, false after a logout or a session that ended. */
  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the browser to the Facebook login; it comes back to `redirectUri` with a code. */
  async startLogin(): Promise<void> {
    const verifier = base64url(this.crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(await this.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    this.storage.setItem(VERIFIER_KEY, verifier);
    const query = new URLSearchParams({ redirect_uri: this.options.redirectUri, code_challenge: challenge, code_challenge_method: 'S256' });
    this.navigate(`${this.baseUrl}/auth/facebook?${query}`);
  }

  /**
   * On the page Facebook login returns to: redeems `?code=` (or throws the `?error=`). Answers
   * false when the URL holds neither. Remove the code from the address bar afterwards.
   */
  async completeLogin(currentUrl: string): Promise<boolean> {
    const params = new URL(currentUrl).searchParams;
    const error = params.get('error');
    if (error) throw new AuthError(error, params.get('error_description') ?? undefined);
    const code = params.get('code');
    if (!code) return false;
    const verifier = this.storage.getItem(VERIFIER_KEY);
    this.storage.removeItem(VERIFIER_KEY);
    if (!verifier) throw new AuthError('invalid_request', 'this browser did not start the login');
    await this.tokenRequest({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: this.options.redirectUri });
    return true;
  }

  /**
   * fetch() with the access token. After a 401 the session is refreshed (once, however many calls
   * are waiting) and the call is retried once.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await this.send(path, init);
    if (response.status !== 401 || !this.refreshToken) return response;
    return (await this.refresh()) ? this.send(path, init) : response;
  }

  /** One refresh at a time: concurrent callers share it. Answers whether the session lives on. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.rotate().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const refreshToken = this.refreshToken;
    this.clear();
    if (refreshToken) {
      await this.http(`${this.baseUrl}/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: refreshToken }),
      });
    }
  }

  /**
   * Only a refusal of the session itself (400 invalid_grant, 401) signs out. A 429, a 503 or a
   * network error says nothing about the session: the tokens are kept for a later try.
   */
  private async rotate(): Promise<boolean> {
    try {
      await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: this.refreshToken ?? '' });
      return true;
    } catch (error) {
      const refused = error instanceof AuthError && (error.status === 401 || (error.status === 400 && error.error === 'invalid_grant'));
      if (refused) this.clear();
      return false;
    }
  }

  private send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.accessToken) headers.set('authorization', `Bearer ${this.accessToken}`);
    return this.http(`${this.baseUrl}${path}`, { ...init, headers });
  }

  private async tokenRequest(parameters: Record<string, string>): Promise<void> {
    const response = await this.http(`${this.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(parameters).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string; error_description?: string };
    if (!response.ok || !body.access_token) throw new AuthError(body.error ?? 'server_error', body.error_description, response.status);
    const wasSignedIn = this.signedIn;
    this.accessToken = body.access_token;
    this.refreshToken = body.refresh_token ?? this.refreshToken;
    if (!wasSignedIn) this.listeners.forEach((listener) => listener(true));
  }

  private clear(): void {
    const wasSignedIn = this.signedIn;
    this.accessToken = undefined;
    this.refreshToken = undefined;
    if (wasSignedIn) this.listeners.forEach((listener) => listener(false));
  }
}
