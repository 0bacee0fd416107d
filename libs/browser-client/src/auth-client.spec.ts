import { describe, expect, it } from '@jest/globals';
import { createHash, webcrypto } from 'node:crypto';
import { AuthClient, type AuthClientOptions, AuthError, type AuthMode } from './auth-client';

interface Call {
  url: string;
  method: string;
  authorization: string | null;
  requestedWith: string | null;
  credentials: RequestCredentials | undefined;
  body: string;
}

/**
 * The platform's side of the wire, for one browser: answers like the real endpoints (the refresh
 * and session cookies included, which only travel with `credentials: 'include'`) and records every call.
 */
function fakePlatform() {
  const calls: Call[] = [];
  let issued = 0;
  let validAccess = new Set<string>();
  let sessionEnded = false;
  let refreshCookie: string | undefined;
  let sessionCookie = false;
  let inFlightRefreshes = 0;
  let mostRefreshesAtOnce = 0;
  /** Answers the next refreshes with this status instead (a rate limit, an outage). */
  let refreshStatus: number | undefined;
  const tokens = (refresh = `refresh-${issued}`) => {
    issued += 1;
    const access = `access-${issued}`;
    validAccess = new Set([access]);
    return { access_token: access, token_type: 'Bearer', expires_in: 900, refresh_token: refresh };
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const call = {
      url: String(input),
      method: init.method ?? 'GET',
      authorization: headers.get('authorization'),
      requestedWith: headers.get('x-requested-with'),
      credentials: init.credentials,
      body: String(init.body ?? ''),
    };
    calls.push(call);
    const withCookies =
      call.credentials === 'include' || call.credentials === 'same-origin' || call.credentials === undefined;
    await new Promise((r) => setTimeout(r, 5));
    if (call.url.endsWith('/auth/token')) {
      const params = new URLSearchParams(call.body);
      if (params.get('grant_type') === 'authorization_code' && params.get('code') === 'good-code') {
        const pair = tokens();
        if (params.get('refresh_token_delivery') !== 'cookie') return json(200, pair);
        refreshCookie = pair.refresh_token;
        return json(200, { ...pair, refresh_token: undefined });
      }
      if (params.get('grant_type') !== 'refresh_token') return json(400, { error: 'unsupported_grant_type' });
      inFlightRefreshes += 1;
      mostRefreshesAtOnce = Math.max(mostRefreshesAtOnce, inFlightRefreshes);
      await new Promise((r) => setTimeout(r, 10));
      inFlightRefreshes -= 1;
      if (refreshStatus)
        return json(refreshStatus, { statusCode: refreshStatus, message: 'later' }, { 'retry-after': '5' });
      const fromCookie = !params.get('refresh_token');
      const presented = fromCookie
        ? withCookies && call.requestedWith
          ? refreshCookie
          : undefined
        : params.get('refresh_token');
      if (sessionEnded || !presented?.startsWith('refresh-'))
        return json(400, { error: 'invalid_grant', error_description: 'no' });
      const pair = tokens();
      if (!fromCookie) return json(200, pair);
      refreshCookie = pair.refresh_token;
      return json(200, { ...pair, refresh_token: undefined });
    }
    if (call.url.endsWith('/auth/session')) {
      const signedIn = !sessionEnded && (refreshCookie !== undefined || sessionCookie);
      return json(
        200,
        signedIn ? { state: 'signed-in', account: { id: 'a1', name: 'Alice' } } : { state: 'anonymous' },
      );
    }
    if (call.url.endsWith('/auth/logout')) {
      refreshCookie = undefined;
      sessionCookie = false;
      return new Response(null, { status: 204 });
    }
    const token = call.authorization?.replace('Bearer ', '');
    const authenticated =
      (sessionCookie && call.credentials === 'include' && !sessionEnded) || (token && validAccess.has(token));
    if (!authenticated) return json(401, { error: 'invalid_token' });
    if (call.url.endsWith('/auth/link-tickets') && call.method === 'POST')
      return json(201, { ticket: 'a-link-ticket', expires_in: 60 });
    if (call.url.endsWith('/auth/me/logins/facebook') && call.method === 'DELETE')
      return json(409, { statusCode: 409, message: 'this is the account’s only login' });
    if (call.url.endsWith('/auth/me/logins/google') && call.method === 'DELETE')
      return new Response(null, { status: 204 });
    return json(200, { ok: true });
  };
  return {
    calls,
    fetch: fetch as typeof globalThis.fetch,
    expireAccessToken: () => (validAccess = new Set()),
    answerRefreshesWith: (status: number | undefined) => (refreshStatus = status),
    /** What the platform does at the end of a session-mode login: sets the session cookie. */
    signInSessionMode: () => (sessionCookie = true),
    endSession: () => {
      sessionEnded = true;
      validAccess = new Set();
    },
    mostRefreshesAtOnce: () => mostRefreshesAtOnce,
  };
}

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
};

/** One origin's BroadcastChannel and Web Locks, shared by the tabs of a test. */
function browserShared() {
  const tabs: Array<(data: unknown) => void> = [];
  let queue = Promise.resolve<unknown>(undefined);
  return {
    channel: () => {
      let listener: ((event: MessageEvent) => void) | undefined;
      const deliver = (data: unknown) => listener?.({ data } as MessageEvent);
      tabs.push(deliver);
      return {
        postMessage: (data: unknown) =>
          tabs.filter((tab) => tab !== deliver).forEach((tab) => setTimeout(() => tab(data), 1)),
        addEventListener: (_: string, handler: (event: MessageEvent) => void) => (listener = handler),
      } as unknown as AuthClientOptions['channel'];
    },
    locks: {
      request: (_name: string, work: () => Promise<unknown>) => {
        const run = queue.then(work, work);
        queue = run.catch(() => undefined);
        return run;
      },
    } as unknown as AuthClientOptions['locks'],
  };
}

function client(mode: AuthMode = 'memory', platform = fakePlatform(), shared = browserShared()) {
  const navigated: string[] = [];
  const scheduled: Array<{ retry: () => void; delayMs: number }> = [];
  const storage = memoryStorage();
  const auth = new AuthClient({
    mode,
    redirectUri: 'https://spa.example/',
    baseUrl: 'https://api.example',
    fetch: platform.fetch,
    storage,
    navigate: (url) => navigated.push(url),
    crypto: webcrypto as unknown as Crypto,
    locks: shared.locks,
    channel: shared.channel(),
    schedule: (retry, delayMs) => scheduled.push({ retry, delayMs }),
  });
  return { auth, platform, navigated, storage, scheduled, shared };
}

async function signedIn(mode: AuthMode = 'memory', platform = fakePlatform(), shared = browserShared()) {
  const tab = client(mode, platform, shared);
  await tab.auth.startLogin();
  await tab.auth.completeLogin('https://spa.example/?code=good-code');
  return tab;
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('AuthClient', () => {
  it('defaults to cookie mode', () => {
    expect(
      new AuthClient({ redirectUri: 'https://spa.example/', storage: memoryStorage(), locks: null, channel: null })
        .mode,
    ).toBe('cookie');
  });

  it('starts the Facebook login with an S256 challenge of the verifier it keeps', async () => {
    const { auth, navigated, storage } = client();
    await auth.startLogin();
    const target = new URL(navigated[0]);
    expect(`${target.origin}${target.pathname}`).toBe('https://api.example/auth/facebook');
    expect(target.searchParams.get('redirect_uri')).toBe('https://spa.example/');
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    const verifier = storage.getItem('auth-client.pkce-verifier')!;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(target.searchParams.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('starts the Google login the same way', async () => {
    const { auth, navigated } = client('cookie');
    await auth.startLogin({ provider: 'google' });
    const target = new URL(navigated[0]);
    expect(`${target.origin}${target.pathname}`).toBe('https://api.example/auth/google');
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('links a provider: asks for a ticket as the signed-in user, then goes to the provider with it', async () => {
    const { auth, platform, navigated } = await signedIn('memory');
    await auth.linkProvider('google');
    const ask = platform.calls.at(-1)!;
    expect(ask).toMatchObject({ method: 'POST', authorization: 'Bearer access-1' });
    expect(ask.url).toBe('https://api.example/auth/link-tickets');
    const target = new URL(navigated.at(-1)!);
    expect(`${target.origin}${target.pathname}`).toBe('https://api.example/auth/google');
    expect(target.searchParams.get('link_ticket')).toBe('a-link-ticket');
    expect(target.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
  });

  it('links in session mode with the session cookie and the CSRF header, and no PKCE', async () => {
    const platform = fakePlatform();
    platform.signInSessionMode();
    const { auth, navigated } = client('session', platform);
    await auth.restore();
    await auth.linkProvider('google');
    const ask = platform.calls.at(-1)!;
    expect(ask).toMatchObject({ credentials: 'include', requestedWith: 'auth-client', authorization: null });
    const target = new URL(navigated.at(-1)!);
    expect(target.searchParams.get('mode')).toBe('session');
    expect(target.searchParams.get('link_ticket')).toBe('a-link-ticket');
    expect(target.searchParams.get('code_challenge')).toBeNull();
  });

  it('unlinks, and reports the refusal to unlink the last login', async () => {
    const { auth } = await signedIn('memory');
    await expect(auth.unlinkProvider('google')).resolves.toBeUndefined();
    await expect(auth.unlinkProvider('facebook')).rejects.toMatchObject({ status: 409, message: /only login/ });
    const { auth: anonymous, navigated } = client('memory');
    await expect(anonymous.linkProvider('google')).rejects.toBeInstanceOf(AuthError);
    expect(navigated).toEqual([]);
  });

  it('redeems the code with the verifier, once, and signs in', async () => {
    const { auth, platform, storage } = client();
    await auth.startLogin();
    const changes: boolean[] = [];
    auth.onChange((signedIn) => changes.push(signedIn));
    expect(await auth.completeLogin('https://spa.example/?code=good-code')).toBe(true);
    expect(auth.signedIn).toBe(true);
    expect(changes).toEqual([true]);
    const sent = new URLSearchParams(platform.calls[0].body);
    expect(sent.get('grant_type')).toBe('authorization_code');
    expect(sent.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(storage.getItem('auth-client.pkce-verifier')).toBeNull();
  });

  it('reports a refused login and ignores a URL without a code', async () => {
    const { auth } = client();
    await expect(
      auth.completeLogin('https://spa.example/?error=access_denied&error_description=cancelled'),
    ).rejects.toEqual(new AuthError('access_denied', 'cancelled'));
    expect(await auth.completeLogin('https://spa.example/')).toBe(false);
    await expect(auth.completeLogin('https://spa.example/?code=good-code')).rejects.toThrow(/did not start the login/);
  });

  it('refreshes once for several calls that meet a 401 together, and retries each once', async () => {
    const { auth, platform } = await signedIn();
    platform.expireAccessToken();
    const responses = await Promise.all([
      auth.fetch('/api/orders'),
      auth.fetch('/api/orders'),
      auth.fetch('/api/products'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const refreshes = platform.calls.filter((c) => c.url.endsWith('/auth/token') && c.body.includes('refresh_token'));
    expect(refreshes).toHaveLength(1);
    expect(platform.calls.filter((c) => c.url.endsWith('/api/orders'))).toHaveLength(4);
  });

  it('gives up after one retry and signs out when the session has ended', async () => {
    const { auth, platform } = await signedIn();
    platform.endSession();
    const response = await auth.fetch('/api/orders');
    expect(response.status).toBe(401);
    expect(auth.signedIn).toBe(false);
  });

  it.each([429, 503])('keeps the session when a refresh answers %i, and retries after Retry-After', async (status) => {
    const { auth, platform, scheduled } = await signedIn();
    const changes: boolean[] = [];
    auth.onChange((signedIn) => changes.push(signedIn));
    platform.expireAccessToken();
    platform.answerRefreshesWith(status);
    expect((await auth.fetch('/api/orders')).status).toBe(401);
    expect(auth.signedIn).toBe(true);
    expect(changes).toEqual([]);
    expect(scheduled.map((s) => s.delayMs)).toEqual([5000]);
    platform.answerRefreshesWith(undefined);
    scheduled[0].retry();
    await settle();
    expect((await auth.fetch('/api/orders')).status).toBe(200);
  });

  it('backs off further while the platform keeps answering 503', async () => {
    const { auth, platform, scheduled } = await signedIn();
    platform.answerRefreshesWith(503);
    await auth.refresh();
    scheduled.shift()!.retry();
    await settle();
    scheduled.shift()!.retry();
    await settle();
    expect(scheduled.map((s) => s.delayMs)).toEqual([20_000]);
    expect(auth.signedIn).toBe(true);
  });

  it('logs out at the platform and forgets the tokens', async () => {
    const { auth, platform } = await signedIn();
    await auth.logout();
    expect(auth.signedIn).toBe(false);
    const logout = platform.calls.find((c) => c.url.endsWith('/auth/logout'))!;
    expect(JSON.parse(logout.body)).toEqual({ refresh_token: expect.stringMatching(/^refresh-/) });
    expect((await auth.fetch('/api/orders')).status).toBe(401);
  });

  describe('cookie mode', () => {
    it('asks for the refresh token in the cookie and never holds it', async () => {
      const { auth, platform } = await signedIn('cookie');
      const redeem = new URLSearchParams(platform.calls[0].body);
      expect(redeem.get('refresh_token_delivery')).toBe('cookie');
      expect(platform.calls[0].requestedWith).toBeTruthy();
      platform.expireAccessToken();
      expect((await auth.fetch('/api/orders')).status).toBe(200);
      const refresh = platform.calls.find((c) => c.body.includes('grant_type=refresh_token'))!;
      expect(new URLSearchParams(refresh.body).get('refresh_token')).toBeNull();
      expect(refresh).toMatchObject({ credentials: 'include', requestedWith: 'auth-client' });
    });

    it('signs a reloaded page or a new tab in silently, and says who is there', async () => {
      const { platform, shared } = await signedIn('cookie');
      const reloaded = client('cookie', platform, shared);
      expect(await reloaded.auth.restore()).toEqual({ state: 'signed-in', account: { id: 'a1', name: 'Alice' } });
      expect(reloaded.auth.signedIn).toBe(true);
      expect((await reloaded.auth.fetch('/api/orders')).status).toBe(200);
    });

    it('lets two tabs refreshing at once take turns (Web Locks), both staying signed in', async () => {
      const platform = fakePlatform();
      const shared = browserShared();
      const first = await signedIn('cookie', platform, shared);
      const second = client('cookie', platform, shared);
      await second.auth.restore();
      platform.expireAccessToken();
      const [a, b] = await Promise.all([first.auth.refresh(), second.auth.refresh()]);
      expect([a, b]).toEqual([true, true]);
      expect(platform.mostRefreshesAtOnce()).toBe(1);
      expect([first.auth.signedIn, second.auth.signedIn]).toEqual([true, true]);
    });

    it('signs every tab out when one logs out, and in when one logs in', async () => {
      const platform = fakePlatform();
      const shared = browserShared();
      const first = await signedIn('cookie', platform, shared);
      const second = client('cookie', platform, shared);
      await second.auth.restore();
      const changes: boolean[] = [];
      second.auth.onChange((signedIn) => changes.push(signedIn));
      await first.auth.logout();
      await settle();
      expect(second.auth.signedIn).toBe(false);
      const third = await signedIn('cookie', platform, shared);
      // Each signed-out tab refreshes from the shared cookie, one after the other.
      await new Promise((r) => setTimeout(r, 150));
      expect(third.auth.signedIn).toBe(true);
      expect(second.auth.signedIn).toBe(true);
      expect(changes).toEqual([false, true]);
    });
  });

  describe('session mode', () => {
    it('starts the login with mode=session and no PKCE, then finds the session the platform keeps', async () => {
      const { auth, navigated, storage, platform } = client('session');
      await auth.startLogin();
      const target = new URL(navigated[0]);
      expect(target.searchParams.get('mode')).toBe('session');
      expect(target.searchParams.get('code_challenge')).toBeNull();
      expect(storage.getItem('auth-client.pkce-verifier')).toBeNull();
      platform.signInSessionMode();
      expect(await auth.completeLogin('https://spa.example/')).toBe(false);
      expect((await auth.restore()).state).toBe('signed-in');
      expect(auth.signedIn).toBe(true);
    });

    it('calls with the cookie and X-Requested-With, never a token, and signs out on a 401', async () => {
      const { auth, platform } = client('session');
      platform.signInSessionMode();
      await auth.restore();
      expect((await auth.fetch('/api/orders', { method: 'POST' })).status).toBe(200);
      const call = platform.calls.at(-1)!;
      expect(call).toMatchObject({ authorization: null, credentials: 'include', requestedWith: 'auth-client' });
      platform.endSession();
      expect((await auth.fetch('/api/orders')).status).toBe(401);
      expect(auth.signedIn).toBe(false);
      expect(platform.calls.some((c) => c.url.endsWith('/auth/token'))).toBe(false);
    });
  });

  describe('watching the session', () => {
    const sessionChecks = (platform: ReturnType<typeof fakePlatform>) =>
      platform.calls.filter((c) => c.url.endsWith('/auth/session')).length;

    it.each(['cookie', 'session'] as const)(
      'signs every tab out soon after the session ends elsewhere (%s mode)',
      async (mode) => {
        const platform = fakePlatform();
        const shared = browserShared();
        const watching =
          mode === 'cookie' ? await signedIn('cookie', platform, shared) : client('session', platform, shared);
        if (mode === 'session') platform.signInSessionMode();
        await watching.auth.restore();
        const other = client(mode, platform, shared);
        await other.auth.restore();
        const stop = watching.auth.watchSession({ intervalMs: 20 });
        try {
          await new Promise((r) => setTimeout(r, 80));
          expect(sessionChecks(platform)).toBeGreaterThan(2);
          expect([watching.auth.signedIn, other.auth.signedIn]).toEqual([true, true]);
          platform.endSession();
          await new Promise((r) => setTimeout(r, 80));
          expect([watching.auth.signedIn, other.auth.signedIn]).toEqual([false, false]);
        } finally {
          stop();
        }
      },
    );

    it('keeps the session through an outage, and stops asking once stopped', async () => {
      const platform = fakePlatform();
      let down = false;
      const flaky = (async (input: RequestInfo | URL, init?: RequestInit) =>
        down ? Promise.reject(new TypeError('Failed to fetch')) : platform.fetch(input, init)) as typeof fetch;
      const auth = new AuthClient({
        mode: 'session',
        redirectUri: 'https://spa.example/',
        fetch: flaky,
        storage: memoryStorage(),
        locks: null,
        channel: null,
      });
      platform.signInSessionMode();
      await auth.restore();
      const stop = auth.watchSession({ intervalMs: 20 });
      down = true;
      await new Promise((r) => setTimeout(r, 80));
      expect(auth.signedIn).toBe(true);
      down = false;
      stop();
      const before = sessionChecks(platform);
      await new Promise((r) => setTimeout(r, 80));
      expect(sessionChecks(platform)).toBe(before);
    });

    it('in memory mode asks with the token (there is no cookie to ask about), and signs out once refused', async () => {
      const { auth, platform } = await signedIn('memory');
      const stop = auth.watchSession({ intervalMs: 20 });
      try {
        await new Promise((r) => setTimeout(r, 80));
        expect(auth.signedIn).toBe(true);
        expect(sessionChecks(platform)).toBe(0);
        expect(platform.calls.filter((c) => c.url.endsWith('/auth/me')).length).toBeGreaterThan(1);
        platform.endSession();
        await new Promise((r) => setTimeout(r, 120));
        expect(auth.signedIn).toBe(false);
      } finally {
        stop();
      }
    });
  });
});
