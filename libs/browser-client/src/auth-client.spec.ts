import { describe, expect, it } from '@jest/globals';
import { createHash, webcrypto } from 'node:crypto';
import { AuthClient, AuthError } from './auth-client';

interface Call {
  url: string;
  method: string;
  authorization: string | null;
  body: string;
}

/** The platform's side of the wire: answers like the real endpoints and records every call. */
function fakePlatform() {
  const calls: Call[] = [];
  let issued = 0;
  let validAccess = new Set<string>();
  let sessionEnded = false;
  /** Answers the next refreshes with this status instead (a rate limit, an outage). */
  let refreshStatus: number | undefined;
  const tokens = (refresh = `refresh-${issued}`) => {
    issued += 1;
    const access = `access-${issued}`;
    validAccess = new Set([access]);
    return { access_token: access, token_type: 'Bearer', expires_in: 900, refresh_token: refresh };
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const call = { url: String(input), method: init.method ?? 'GET', authorization: headers.get('authorization'), body: String(init.body ?? '') };
    calls.push(call);
    await new Promise((r) => setTimeout(r, 5));
    if (call.url.endsWith('/auth/token')) {
      const params = new URLSearchParams(call.body);
      if (params.get('grant_type') === 'authorization_code' && params.get('code') === 'good-code') return json(200, tokens());
      if (params.get('grant_type') === 'refresh_token' && refreshStatus) return json(refreshStatus, { statusCode: refreshStatus, message: 'later' });
      if (params.get('grant_type') === 'refresh_token' && !sessionEnded && params.get('refresh_token')?.startsWith('refresh-')) return json(200, tokens());
      return json(400, { error: 'invalid_grant', error_description: 'no' });
    }
    if (call.url.endsWith('/auth/logout')) return new Response(null, { status: 204 });
    const token = call.authorization?.replace('Bearer ', '');
    return token && validAccess.has(token) ? json(200, { ok: true }) : json(401, { error: 'invalid_token' });
  };
  return {
    calls,
    fetch: fetch as typeof globalThis.fetch,
    expireAccessToken: () => (validAccess = new Set()),
    answerRefreshesWith: (status: number | undefined) => (refreshStatus = status),
    endSession: () => {
      sessionEnded = true;
      validAccess = new Set();
    },
  };
}

const memoryStorage = () => {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
};

function client(platform = fakePlatform()) {
  const navigated: string[] = [];
  const storage = memoryStorage();
  const auth = new AuthClient({
    redirectUri: 'https://spa.example/',
    baseUrl: 'https://api.example',
    fetch: platform.fetch,
    storage,
    navigate: (url) => navigated.push(url),
    crypto: webcrypto as unknown as Crypto,
  });
  return { auth, platform, navigated, storage };
}

describe('AuthClient', () => {
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
    await expect(auth.completeLogin('https://spa.example/?error=access_denied&error_description=cancelled')).rejects.toEqual(new AuthError('access_denied', 'cancelled'));
    expect(await auth.completeLogin('https://spa.example/')).toBe(false);
    await expect(auth.completeLogin('https://spa.example/?code=good-code')).rejects.toThrow(/did not start the login/);
  });

  it('refreshes once for several calls that meet a 401 together, and retries each once', async () => {
    const { auth, platform } = client();
    await auth.startLogin();
    await auth.completeLogin('https://spa.example/?code=good-code');
    platform.expireAccessToken();
    const responses = await Promise.all([auth.fetch('/api/orders'), auth.fetch('/api/orders'), auth.fetch('/api/products')]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const refreshes = platform.calls.filter((c) => c.url.endsWith('/auth/token') && c.body.includes('refresh_token'));
    expect(refreshes).toHaveLength(1);
    expect(platform.calls.filter((c) => c.url.endsWith('/api/orders'))).toHaveLength(4);
  });

  it('gives up after one retry and signs out when the session has ended', async () => {
    const platform = fakePlatform();
    const { auth } = client(platform);
    await auth.startLogin();
    await auth.completeLogin('https://spa.example/?code=good-code');
    platform.endSession();
    const response = await auth.fetch('/api/orders');
    expect(response.status).toBe(401);
    expect(auth.signedIn).toBe(false);
  });

  it.each([429, 503])('keeps the session when a refresh answers %i, and refreshes later', async (status) => {
    const { auth, platform } = client();
    await auth.startLogin();
    await auth.completeLogin('https://spa.example/?code=good-code');
    const changes: boolean[] = [];
    auth.onChange((signedIn) => changes.push(signedIn));
    platform.expireAccessToken();
    platform.answerRefreshesWith(status);
    expect((await auth.fetch('/api/orders')).status).toBe(401);
    expect(auth.signedIn).toBe(true);
    expect(changes).toEqual([]);
    platform.answerRefreshesWith(undefined);
    expect((await auth.fetch('/api/orders')).status).toBe(200);
  });

  it('logs out at the platform and forgets the tokens', async () => {
    const { auth, platform } = client();
    await auth.startLogin();
    await auth.completeLogin('https://spa.example/?code=good-code');
    await auth.logout();
    expect(auth.signedIn).toBe(false);
    const logout = platform.calls.find((c) => c.url.endsWith('/auth/logout'))!;
    expect(JSON.parse(logout.body)).toEqual({ refresh_token: expect.stringMatching(/^refresh-/) });
    expect((await auth.fetch('/api/orders')).status).toBe(401);
  });
});
