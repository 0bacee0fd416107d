import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import type { LoginTokens } from './support/auth-test-app';
import { pkce, SPA_CALLBACK, startFacebookPlatform } from './support/facebook-fixture';
import type { Mode, Platform } from './support/platform';
import { statusWithin } from './support/status-within';

// Cookie mode and session mode as a browser meets them at the public origin: cookies kept by a
// supertest agent, Facebook emulated at its HTTP boundary, in both deployment modes.
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/;
const SPA_ORIGIN = new URL(SPA_CALLBACK).origin;

describe.each(['monolith', 'split'] as Mode[])('browser sessions (%s)', (mode) => {
  let facebook: FacebookEmulator;
  let graphUrl: string;
  let ours: EmulatedApp;
  let platform: Platform;
  let admin: LoginTokens;

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ facebook, graphUrl, ours, platform, close } = await startFacebookPlatform(mode));
    admin = await platform.login({ roles: ['admin'] });
  });
  afterAll(() => close());

  const browser = () => request.agent(platform.http().get('/').app);
  type Browser = ReturnType<typeof browser>;
  const fromSpa = { 'x-requested-with': 'fetch', origin: SPA_ORIGIN };
  const cookieNamed = (response: request.Response, name: string) =>
    ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith(`${name}=`));

  /** Through the Facebook dialog; answers where the platform sends the browser back to. */
  async function facebookLogin(
    agent: Browser,
    query: Record<string, string>,
    userId: string,
  ): Promise<request.Response> {
    const started = await agent
      .get('/auth/facebook')
      .query({ redirect_uri: SPA_CALLBACK, ...query })
      .expect(302);
    const dialog = new URL(started.headers.location);
    const form = new URLSearchParams({
      client_id: ours.appId,
      redirect_uri: dialog.searchParams.get('redirect_uri')!,
      state: dialog.searchParams.get('state')!,
      user_id: userId,
    });
    const decided = await fetch(`${graphUrl}/dialog/oauth`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = new URL(decided.headers.get('location')!);
    return agent.get(`${callback.pathname}${callback.search}`).expect(302);
  }

  describe('cookie mode', () => {
    async function signIn(name: string) {
      const agent = browser();
      const { verifier, challenge } = pkce();
      const back = await facebookLogin(
        agent,
        { code_challenge: challenge, code_challenge_method: 'S256' },
        facebook.addUser(name).id,
      );
      const code = new URL(back.headers.location).searchParams.get('code');
      const redeemed = await agent
        .post('/auth/token')
        .send({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: SPA_CALLBACK,
          refresh_token_delivery: 'cookie',
        })
        .expect(200);
      return { agent, redeemed };
    }
    const refresh = (agent: Browser, headers: Record<string, string> = fromSpa) =>
      agent.post('/auth/token').set(headers).send({ grant_type: 'refresh_token' });

    it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie scoped to /auth, never in the body', async () => {
      const { redeemed } = await signIn('Cookie Carol');
      expect(redeemed.body).toEqual({
        access_token: expect.stringMatching(JWT),
        token_type: 'Bearer',
        expires_in: 900,
      });
      const cookie = cookieNamed(redeemed, 'auth_refresh')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/auth;/);
      expect(redeemed.headers['cache-control']).toBe('no-store');
    });

    it('refreshes from the cookie (a reload or a new tab signs in silently) and rotates it', async () => {
      const { agent, redeemed } = await signIn('Cookie Dan');
      const first = await refresh(agent).expect(200);
      expect(first.body.refresh_token).toBeUndefined();
      expect(cookieNamed(first, 'auth_refresh')).not.toBe(cookieNamed(redeemed, 'auth_refresh'));
      await platform.http().get('/api/orders').auth(first.body.access_token, { type: 'bearer' }).expect(200);
      const state = (await agent.get('/auth/session').expect(200)).body;
      expect(state).toEqual({ state: 'signed-in', account: { id: expect.any(String), name: 'Cookie Dan' } });
      // Asking for the state spent nothing: the cookie still refreshes.
      await refresh(agent).expect(200);
    });

    it('refuses a cookie refresh without X-Requested-With or from a foreign origin, and changes nothing', async () => {
      const { agent } = await signIn('Cookie Eve');
      expect((await refresh(agent, {}).expect(403)).body.message).toMatch(/X-Requested-With/);
      await refresh(agent, { 'x-requested-with': 'fetch', origin: 'https://evil.example' }).expect(403);
      await agent.post('/auth/logout').send({}).expect(403);
      await refresh(agent).expect(200);
    });

    it('logs out from the cookie, clears it, and leaves a returning hint with the name only', async () => {
      const { agent } = await signIn('Cookie Fay');
      await agent.get('/auth/session').expect(200);
      const loggedOut = await agent.post('/auth/logout').set(fromSpa).send({}).expect(204);
      expect(cookieNamed(loggedOut, 'auth_refresh')).toMatch(/auth_refresh=;/);
      expect((await agent.get('/auth/session').expect(200)).body).toEqual({
        state: 'returning',
        account: { name: 'Cookie Fay' },
      });
      await refresh(agent).expect(400);
      expect((await browser().get('/auth/session').expect(200)).body).toEqual({ state: 'anonymous' });
    });

    it('marks personal responses no-store, without a validator, and varies the API on Authorization and Cookie', async () => {
      const { redeemed } = await signIn('Cookie Gus');
      for (const path of ['/auth/me', '/auth/sessions', '/api/orders']) {
        const response = await platform
          .http()
          .get(path)
          .auth(redeemed.body.access_token, { type: 'bearer' })
          .expect(200);
        expect({ path, cacheControl: response.headers['cache-control'], etag: response.headers.etag }).toEqual({
          path,
          cacheControl: 'no-store',
          etag: undefined,
        });
      }
      const orders = await platform.http().get('/api/orders').auth(redeemed.body.access_token, { type: 'bearer' });
      expect(orders.headers.vary).toMatch(/Authorization, Cookie/);
    });
  });

  describe('session mode', () => {
    async function signIn(name: string) {
      const agent = browser();
      const person = facebook.addUser(name);
      const back = await facebookLogin(agent, { mode: 'session' }, person.id);
      return { agent, back, person };
    }
    it('needs no PKCE, comes back with no code, and holds the session in an HttpOnly cookie only', async () => {
      const { agent, back } = await signIn('Session Sam');
      expect(back.headers.location).toBe(SPA_CALLBACK);
      const cookie = cookieNamed(back, 'auth_session')!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/;/);
      const me = await agent.get('/auth/me').expect(200);
      expect(me.body.name).toBe('Session Sam');
      const responses = [
        back,
        me,
        await agent.get('/api/orders').expect(200),
        await agent.get('/auth/session').expect(200),
        await agent.get('/auth/sessions').expect(200),
      ];
      for (const response of responses)
        expect(JSON.stringify(response.body) + JSON.stringify(response.headers)).not.toMatch(JWT);
    });

    it('places an order from the cookie only with X-Requested-With from an SPA origin', async () => {
      const { agent } = await signIn('Session Sue');
      const sku = `CUP-${Date.now()}`;
      await platform
        .http()
        .post('/api/products')
        .auth(admin.access_token, { type: 'bearer' })
        .send({ sku, name: 'Cup', priceCents: 500, stock: 5 })
        .expect(201);
      const order = { items: [{ sku, quantity: 1 }] };
      await agent.post('/api/orders').send(order).expect(403);
      await agent
        .post('/api/orders')
        .set({ 'x-requested-with': 'fetch', origin: 'https://evil.example' })
        .send(order)
        .expect(403);
      expect((await agent.get('/api/orders').expect(200)).body).toEqual([]);
      await agent.post('/api/orders').set(fromSpa).send(order).expect(201);
      expect((await agent.get('/api/orders').expect(200)).body).toHaveLength(1);
    });

    it('follows a role change and ends with a ban within 2 s, clearing the cookie', async () => {
      const { agent } = await signIn('Session Sid');
      const id = (await agent.get('/auth/me').expect(200)).body.id;
      await agent.get(`/api/admin/accounts/${admin.account_id}`).expect(403);
      await platform
        .http()
        .put(`/api/admin/accounts/${id}/roles`)
        .auth(admin.access_token, { type: 'bearer' })
        .send({ roles: ['admin'] })
        .expect(200);
      expect(
        await statusWithin(2000, 200, async () => (await agent.get(`/api/admin/accounts/${admin.account_id}`)).status),
      ).toBe(200);

      await platform
        .http()
        .post(`/api/admin/accounts/${id}/ban`)
        .auth(admin.access_token, { type: 'bearer' })
        .send({ reason: 'abuse' })
        .expect(200);
      expect(await statusWithin(2000, 401, async () => (await agent.get('/api/orders')).status)).toBe(401);
      expect((await agent.get('/auth/session').expect(200)).body.state).toBe('returning');
    });

    it('logs out from the session cookie: the cookie is cleared and the session ends everywhere', async () => {
      const { agent } = await signIn('Session Sol');
      await agent.get('/api/orders').expect(200);
      await agent.post('/auth/logout').set(fromSpa).send({}).expect(204);
      await agent.get('/api/orders').expect(401);
      expect((await agent.get('/auth/session').expect(200)).body).toEqual({
        state: 'returning',
        account: { name: 'Session Sol' },
      });
    });
  });
});
