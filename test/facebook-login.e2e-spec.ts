import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountService, BanService, Login, FacebookTokenCipher, signRequest } from '../apps/auth/src';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';
import { SPA_CALLBACK, facebookEnvironment, pkce, startFacebook } from './support/facebook-fixture';

describe('Facebook login against the Graph emulator', () => {
  let facebook: FacebookEmulator;
  let graphUrl: string;
  let ours: EmulatedApp;
  let foreign: EmulatedApp;
  let auth: AuthTestApp;
  let adminUserId: string;

  beforeAll(async () => {
    ({ facebook, url: graphUrl, ours, foreign } = await startFacebook());
    adminUserId = facebook.addUser('Ada Admin', 'ada@example.test').id;
    auth = await createAuthTestApp({
      ...facebookEnvironment(graphUrl, ours),
      ADMIN_FACEBOOK_IDS: adminUserId,
      FACEBOOK_TOKEN_KEY: 'a'.repeat(64),
    });
  });
  afterAll(async () => {
    await auth.close();
    await facebook.close();
  });

  const codeCount = async () =>
    Number((await auth.app.get(DataSource).query('SELECT count(*)::int AS n FROM auth.login_codes'))[0].n);

  /** Starts the redirect flow in a browser (an agent keeps its cookies). */
  async function startLogin(browser = request.agent(auth.app.getHttpServer()), redirectUri = SPA_CALLBACK) {
    const { verifier, challenge } = pkce();
    const started = await browser
      .get('/auth/facebook')
      .query({ redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' })
      .expect(302);
    return { browser, verifier, started, dialog: new URL(started.headers.location) };
  }

  /** The user's choice on Facebook's dialog; answers the URL Facebook sends the browser to. */
  async function decide(dialog: URL, choice: Record<string, string>): Promise<URL> {
    const form = new URLSearchParams({
      client_id: dialog.searchParams.get('client_id')!,
      redirect_uri: dialog.searchParams.get('redirect_uri')!,
      state: dialog.searchParams.get('state') ?? '',
      ...choice,
    });
    const response = await fetch(`${graphUrl}/dialog/oauth`, { method: 'POST', body: form, redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  async function loginThroughRedirect(userId: string) {
    const { browser, verifier, dialog } = await startLogin();
    const callback = await decide(dialog, { user_id: userId });
    const back = await browser.get(`${callback.pathname}${callback.search}`).expect(302);
    const spa = new URL(back.headers.location);
    return { browser, verifier, back, spa, code: spa.searchParams.get('code') };
  }

  const redeem = (code: string | null, verifier: string, redirectUri = SPA_CALLBACK) =>
    auth
      .http()
      .post('/auth/token')
      .send({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri });

  describe('redirect flow', () => {
    it('sends the browser to the dialog with our client_id, the callback, a state and the scopes', async () => {
      const { started, dialog } = await startLogin();
      expect(`${dialog.origin}${dialog.pathname}`).toBe(`${graphUrl}/dialog/oauth`);
      expect(dialog.searchParams.get('client_id')).toBe(ours.appId);
      expect(dialog.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/facebook/callback');
      expect(dialog.searchParams.get('scope')).toBe('email,public_profile');
      expect(dialog.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const cookie = String(started.headers['set-cookie']);
      expect(cookie).toMatch(/facebook_login_state=.+; Max-Age=600; Path=\/auth\/facebook; .*HttpOnly; SameSite=Lax/);
      expect(started.headers['referrer-policy']).toBe('no-referrer');
    });

    it('returns a one-time code (never a token) that redeems with the PKCE verifier', async () => {
      const user = facebook.addUser('Linus', 'linus@example.test');
      const { back, spa, code, verifier } = await loginThroughRedirect(user.id);
      expect(`${spa.origin}${spa.pathname}`).toBe(SPA_CALLBACK);
      expect([...spa.searchParams.keys()]).toEqual(['code']);
      expect(back.headers['referrer-policy']).toBe('no-referrer');
      expect(back.headers.location).not.toMatch(/access_token|EAA/);

      const tokens = (await redeem(code, verifier).expect(200)).body;
      expect(tokens).toMatchObject({
        token_type: 'Bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      });
      const me = (await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200)).body;
      expect(me).toMatchObject({
        name: 'Linus',
        email: 'linus@example.test',
        roles: ['user'],
        providers: [{ provider: 'facebook' }],
      });
    });

    it('stores only the hash of the long-lived token (and its ciphertext when FACEBOOK_TOKEN_KEY is set)', async () => {
      const user = facebook.addUser('Hash Check');
      const { code, verifier } = await loginThroughRedirect(user.id);
      await redeem(code, verifier).expect(200);
      const login = await auth.app
        .get(DataSource)
        .getRepository(Login)
        .findOneByOrFail({ provider: 'facebook', providerUserId: user.id });
      expect(login.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(login.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
      const longLived = auth.app.get(FacebookTokenCipher).decrypt(login.tokenCiphertext!, `facebook:${user.id}`);
      expect(login.tokenCiphertext).not.toContain(longLived);
      const exchange = facebook.requests.find((r) => r.path === '/oauth/access_token' && r.method === 'POST');
      expect(exchange).toBeDefined();
      // The long-lived token is one Facebook knows, for our app.
      const debug = await fetch(`${graphUrl}/debug_token?input_token=${longLived}`, {
        headers: { authorization: `Bearer ${ours.appId}|${ours.appSecret}` },
      });
      expect(((await debug.json()) as { data: unknown }).data).toMatchObject({
        is_valid: true,
        app_id: ours.appId,
        user_id: user.id,
      });
    });

    it('sends appsecret_proof with every Graph call made with a user token, and no token in a Graph URL query but debug_token’s input', async () => {
      const user = facebook.addUser('Proof Check');
      const before = facebook.requests.length;
      await loginThroughRedirect(user.id);
      const calls = facebook.requests.slice(before).filter((r) => r.path === '/me' || r.path === '/debug_token');
      expect(calls.map((c) => c.path).sort()).toEqual(['/debug_token', '/me']);
      for (const call of calls) {
        expect(call.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
        expect(call.query.access_token).toBeUndefined();
        expect(call.authorization).toMatch(/^Bearer /);
      }
    });

    it('keeps concurrent logins apart: each browser lands in its own account', async () => {
      const users = Array.from({ length: 12 }, (_, i) => facebook.addUser(`Parallel ${i}`));
      const logins = await Promise.all(users.map((user) => loginThroughRedirect(user.id)));
      const names = await Promise.all(
        logins.map(async ({ code, verifier }) => {
          const tokens = (await redeem(code, verifier).expect(200)).body;
          return (await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200)).body
            .name;
        }),
      );
      expect(names).toEqual(users.map((user) => user.name));
    });

    it('grants the admin role to ADMIN_FACEBOOK_IDS', async () => {
      const { code, verifier } = await loginThroughRedirect(adminUserId);
      const tokens = (await redeem(code, verifier).expect(200)).body;
      const me = (await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200)).body;
      expect(me.roles).toEqual(['admin', 'user']);
    });

    it('refuses a replayed code, a wrong verifier and a different redirect_uri', async () => {
      const user = facebook.addUser('Replay');
      const first = await loginThroughRedirect(user.id);
      await redeem(first.code, first.verifier).expect(200);
      expect((await redeem(first.code, first.verifier).expect(400)).body.error).toBe('invalid_grant');

      const second = await loginThroughRedirect(user.id);
      expect((await redeem(second.code, pkce().verifier).expect(400)).body.error).toBe('invalid_grant');
      // The wrong guess burned the code.
      expect((await redeem(second.code, second.verifier).expect(400)).body.error).toBe('invalid_grant');

      const third = await loginThroughRedirect(user.id);
      expect((await redeem(third.code, third.verifier, 'http://localhost:5173/').expect(400)).body.error).toBe(
        'invalid_grant',
      );
    });

    it('sends the browser back with error=access_denied when the user cancels on the dialog', async () => {
      const { browser, dialog } = await startLogin();
      const callback = await decide(dialog, { action: 'cancel' });
      const back = await browser.get(`${callback.pathname}${callback.search}`).expect(302);
      const spa = new URL(back.headers.location);
      expect(spa.searchParams.get('error')).toBe('access_denied');
      expect(spa.searchParams.get('error_description')).toBeTruthy();
      expect(spa.searchParams.get('code')).toBeNull();
    });

    it.each([
      ['a missing state', (url: URL) => url.searchParams.delete('state')],
      ['a forged state', (url: URL) => url.searchParams.set('state', 'A'.repeat(43))],
    ])('issues no code for %s', async (_, tamper) => {
      const user = facebook.addUser('State');
      const { browser, dialog } = await startLogin();
      const callback = await decide(dialog, { user_id: user.id });
      tamper(callback);
      const before = await codeCount();
      await browser.get(`${callback.pathname}${callback.search}`).expect(400);
      expect(await codeCount()).toBe(before);
    });

    it('issues no code when the callback is opened in another browser (login CSRF) or replayed', async () => {
      const user = facebook.addUser('Victim');
      const { browser, dialog } = await startLogin();
      const callback = await decide(dialog, { user_id: user.id });
      const before = await codeCount();
      // The attacker's callback URL opened by a victim's browser, which never started this login.
      await request.agent(auth.app.getHttpServer()).get(`${callback.pathname}${callback.search}`).expect(400);
      expect(await codeCount()).toBe(before);
      // The right browser completes once; the same callback again yields nothing.
      await browser.get(`${callback.pathname}${callback.search}`).expect(302);
      await browser.get(`${callback.pathname}${callback.search}`).expect(400);
      expect(await codeCount()).toBe(before + 1);
    });

    it.each([
      'https://evil.example/callback',
      '//evil.example/callback',
      'https://spa.example.test.evil.example/callback',
      'https://spa.example.test@evil.example/callback',
      'https://spa.example.test/callback/../../evil',
      'https://spa.example.test/callback?next=https://evil.example',
      'https://SPA.example.test/callback',
      'https://spa.example.test/callback/',
      'javascript:alert(1)//https://spa.example.test/callback',
      'http://spa.example.test/callback',
      '',
    ])('refuses redirect_uri %j with 400', async (redirectUri) => {
      const response = await auth
        .http()
        .get('/auth/facebook')
        .query({ redirect_uri: redirectUri, code_challenge: pkce().challenge, code_challenge_method: 'S256' })
        .expect(400);
      expect(response.headers.location).toBeUndefined();
    });

    it('audits a login Facebook refuses in the redirect flow, as the SDK flow does', async () => {
      const user = facebook.addUser('Refused Redirect');
      const { browser, dialog } = await startLogin();
      const callback = await decide(dialog, { user_id: user.id });
      callback.searchParams.set('code', 'a-code-facebook-never-issued');
      const before = Number(
        (
          await auth.app
            .get(DataSource)
            .query("SELECT count(*)::int AS n FROM auth.audit_events WHERE type = 'login_failed'")
        )[0].n,
      );
      const back = new URL((await browser.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
      expect(back.searchParams.get('error')).toBe('access_denied');
      const failures: Array<{ detail: { provider: string; reason: string } }> = await auth.app
        .get(DataSource)
        .query("SELECT detail FROM auth.audit_events WHERE type = 'login_failed' ORDER BY id DESC LIMIT 1");
      expect(
        Number(
          (
            await auth.app
              .get(DataSource)
              .query("SELECT count(*)::int AS n FROM auth.audit_events WHERE type = 'login_failed'")
          )[0].n,
        ),
      ).toBe(before + 1);
      expect(failures[0].detail).toEqual({ provider: 'facebook', reason: 'Facebook refused the code' });
    });

    it('requires an S256 PKCE challenge', async () => {
      await auth.http().get('/auth/facebook').query({ redirect_uri: SPA_CALLBACK }).expect(400);
      await auth
        .http()
        .get('/auth/facebook')
        .query({ redirect_uri: SPA_CALLBACK, code_challenge: pkce().challenge, code_challenge_method: 'plain' })
        .expect(400);
      await auth
        .http()
        .get('/auth/facebook')
        .query({ redirect_uri: SPA_CALLBACK, code_challenge: 'short', code_challenge_method: 'S256' })
        .expect(400);
    });

    it('refuses a banned account’s login', async () => {
      const user = facebook.addUser('Banned');
      const first = await loginThroughRedirect(user.id);
      const { account_id } = await redeem(first.code, first.verifier)
        .expect(200)
        .then(
          async (r) =>
            (await auth.http().get('/auth/me').auth(r.body.access_token, { type: 'bearer' })).body as { id: string },
        )
        .then((me) => ({ account_id: me.id }));
      await auth.app.get(BanService).ban(account_id, 'abuse');
      const again = await loginThroughRedirect(user.id);
      expect(again.spa.searchParams.get('error')).toBe('access_denied');
      expect(again.code).toBeNull();
      await auth.app.get(BanService).unban(account_id);
    });
  });

  describe('SDK flow', () => {
    const sdkLogin = (accessToken: unknown) =>
      auth.http().post('/auth/facebook/token').send({ access_token: accessToken });

    it('answers a token response for a valid user token of our app', async () => {
      const user = facebook.addUser('Sdk User', 'sdk@example.test');
      const response = await sdkLogin(facebook.issueUserToken(ours.appId, user.id)).expect(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, refresh_token: expect.any(String) });
    });

    it('signs a new person in once, to one account, however many first logins race (every one 200)', async () => {
      const user = facebook.addUser('First Racer');
      const token = facebook.issueUserToken(ours.appId, user.id);
      const responses = await Promise.all(Array.from({ length: 24 }, () => sdkLogin(token)));
      expect(responses.map((response) => response.status)).toEqual(Array(24).fill(200));
      const accounts = new Set(responses.map((response) => decodeJwt(response.body.access_token).sub));
      expect(accounts.size).toBe(1);
      const [{ n }] = await auth.app
        .get(DataSource)
        .query('SELECT count(*)::int AS n FROM auth.logins WHERE provider = $1 AND provider_user_id = $2', [
          'facebook',
          user.id,
        ]);
      expect(n).toBe(1);
    });

    it.each([
      ['a token issued to another app', () => facebook.issueUserToken(foreign.appId, facebook.addUser('Elsewhere').id)],
      ['an invalid token', () => 'EAAnot-a-real-token'],
      ['an expired token', () => facebook.issueUserToken(ours.appId, facebook.addUser('Expired').id, -60)],
    ])('refuses %s with 401 and issues nothing', async (_, token) => {
      const before = Number(
        (await auth.app.get(DataSource).query('SELECT count(*)::int AS n FROM auth.sessions'))[0].n,
      );
      const response = await sdkLogin(token()).expect(401);
      expect(response.body.error).toBe('invalid_token');
      expect(Number((await auth.app.get(DataSource).query('SELECT count(*)::int AS n FROM auth.sessions'))[0].n)).toBe(
        before,
      );
    });

    it('never trusts a client-supplied user id', async () => {
      const user = facebook.addUser('Real Owner');
      await auth
        .http()
        .post('/auth/facebook/token')
        .send({ access_token: facebook.issueUserToken(ours.appId, user.id), user_id: adminUserId })
        .expect(400);
    });

    it('validates its body', async () => {
      await sdkLogin(undefined).expect(400);
      await sdkLogin(12).expect(400);
    });

    it('answers 503 quickly when Facebook is unreachable', async () => {
      const user = facebook.addUser('Outage');
      facebook.available = false;
      try {
        const response = await sdkLogin(facebook.issueUserToken(ours.appId, user.id)).expect(503);
        expect(response.body.error).toBe('temporarily_unavailable');
      } finally {
        facebook.available = true;
      }
    });
  });

  describe("Facebook's callbacks", () => {
    const now = () => Math.floor(Date.now() / 1000);
    const sdkLogin = async (name: string) => {
      const user = facebook.addUser(name);
      const tokens = (
        await auth
          .http()
          .post('/auth/facebook/token')
          .send({ access_token: facebook.issueUserToken(ours.appId, user.id) })
          .expect(200)
      ).body;
      return { user, tokens };
    };

    it('deauthorize revokes every session of that user; a forged request is refused with no effect', async () => {
      const { user, tokens } = await sdkLogin('Leaver');
      const forged = signRequest(
        { algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: now() },
        'not-our-secret-0123456789',
      );
      await auth.http().post('/auth/facebook/deauthorize').type('form').send({ signed_request: forged }).expect(400);
      await auth.http().post('/auth/facebook/deauthorize').type('form').send({ signed_request: 'garbage' }).expect(400);
      const wrongAlgorithm = signRequest(
        { algorithm: 'HMAC-SHA1', user_id: user.id, issued_at: now() },
        ours.appSecret,
      );
      await auth
        .http()
        .post('/auth/facebook/deauthorize')
        .type('form')
        .send({ signed_request: wrongAlgorithm })
        .expect(400);
      await auth
        .refresh(tokens.refresh_token)
        .expect(200)
        .then((r) => (tokens.refresh_token = r.body.refresh_token));

      const genuine = signRequest({ algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: now() }, ours.appSecret);
      await auth.http().post('/auth/facebook/deauthorize').type('form').send({ signed_request: genuine }).expect(200);
      await auth.refresh(tokens.refresh_token).expect(400);
    });

    it('refuses a stale or future-dated signed_request and changes nothing (a captured callback cannot be replayed)', async () => {
      const { user, tokens } = await sdkLogin('Replayed');
      for (const issuedAt of [now() - 86_401, now() + 3600]) {
        const signed = signRequest({ algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: issuedAt }, ours.appSecret);
        const refused = await auth
          .http()
          .post('/auth/facebook/deauthorize')
          .type('form')
          .send({ signed_request: signed })
          .expect(400);
        expect(refused.body.message).toMatch(/too old|in the future/);
        await auth
          .http()
          .post('/auth/facebook/data-deletion')
          .type('form')
          .send({ signed_request: signed })
          .expect(400);
      }
      const undated = signRequest({ algorithm: 'HMAC-SHA256', user_id: user.id }, ours.appSecret);
      await auth.http().post('/auth/facebook/deauthorize').type('form').send({ signed_request: undated }).expect(400);
      await auth.refresh(tokens.refresh_token).expect(200);
    });

    it('keeps a ban through the deletion of the user’s data: the same Facebook user is refused until an admin lifts it', async () => {
      const { user, tokens } = await sdkLogin('Banned Then Deleted');
      const accountId = (await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200))
        .body.id;
      await auth.app.get(BanService).ban(accountId, 'fraud');
      await auth
        .http()
        .post('/auth/facebook/token')
        .send({ access_token: facebook.issueUserToken(ours.appId, user.id) })
        .expect(403);
      const signed = signRequest({ algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: now() }, ours.appSecret);
      await auth.http().post('/auth/facebook/data-deletion').type('form').send({ signed_request: signed }).expect(200);
      const db = auth.app.get(DataSource);
      expect(await db.getRepository(Login).countBy({ provider: 'facebook', providerUserId: user.id })).toBe(0);
      // No personal data is kept with the ban: only a hash of the identity.
      const kept: Array<Record<string, unknown>> = await db.query(
        'SELECT * FROM auth.banned_identities WHERE account_id IS NULL',
      );
      expect(JSON.stringify(kept)).not.toContain(user.id);
      expect(JSON.stringify(kept)).not.toContain('Banned Then Deleted');

      // Logging in again is refused, in both flows, and shows the admin a banned account to act on.
      const again = await auth
        .http()
        .post('/auth/facebook/token')
        .send({ access_token: facebook.issueUserToken(ours.appId, user.id) })
        .expect(403);
      expect(again.body.message).toMatch(/suspended/);
      const redirected = await loginThroughRedirect(user.id);
      expect(redirected.spa.searchParams.get('error')).toBe('access_denied');
      const [{ account_id: newAccountId }] = await db.query(
        "SELECT account_id FROM auth.logins WHERE provider = 'facebook' AND provider_user_id = $1",
        [user.id],
      );
      expect(newAccountId).not.toBe(accountId);
      expect(await auth.app.get(AccountService).view(newAccountId)).toMatchObject({ banned: true });

      await auth.app.get(BanService).unban(newAccountId);
      await auth
        .http()
        .post('/auth/facebook/token')
        .send({ access_token: facebook.issueUserToken(ours.appId, user.id) })
        .expect(200);
    });

    it('data deletion removes the login and account, reports its status, and is idempotent', async () => {
      const { user, tokens } = await sdkLogin('Forget Me');
      const signed = signRequest({ algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: now() }, ours.appSecret);
      const first = (
        await auth.http().post('/auth/facebook/data-deletion').type('form').send({ signed_request: signed }).expect(200)
      ).body;
      expect(first).toEqual({
        url: expect.stringMatching(/^http:\/\/localhost:3000\/auth\/facebook\/data-deletion\//),
        confirmation_code: expect.any(String),
      });
      await auth.refresh(tokens.refresh_token).expect(400);
      const logins = await auth.app
        .get(DataSource)
        .getRepository(Login)
        .countBy({ provider: 'facebook', providerUserId: user.id });
      expect(logins).toBe(0);

      const status = (await auth.http().get(new URL(first.url).pathname).expect(200)).body;
      expect(status).toMatchObject({ confirmation_code: first.confirmation_code, status: 'completed' });
      const again = (
        await auth.http().post('/auth/facebook/data-deletion').type('form').send({ signed_request: signed }).expect(200)
      ).body;
      expect(again).toEqual(first);

      const forged = signRequest(
        { algorithm: 'HMAC-SHA256', user_id: user.id, issued_at: now() },
        'someone-elses-secret-012345',
      );
      await auth.http().post('/auth/facebook/data-deletion').type('form').send({ signed_request: forged }).expect(400);
      await auth.http().get('/auth/facebook/data-deletion/unknown').expect(404);
    });
  });
});

describe('the built-in emulator (no FACEBOOK_APP_ID)', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp({
      PUBLIC_URL: 'http://localhost:3000',
      ALLOWED_REDIRECT_URIS: 'http://localhost:3000/',
    });
  });
  afterAll(() => auth.close());

  it('lets a person log in through the dialog mounted at /_emulator/facebook', async () => {
    const browser = request.agent(auth.app.getHttpServer());
    const { verifier, challenge } = pkce();
    const started = await browser
      .get('/auth/facebook')
      .query({ redirect_uri: 'http://localhost:3000/', code_challenge: challenge, code_challenge_method: 'S256' })
      .expect(302);
    const dialog = new URL(started.headers.location);
    expect(dialog.pathname).toBe('/_emulator/facebook/dialog/oauth');
    const page = await browser.get(`${dialog.pathname}${dialog.search}`).expect(200);
    expect(page.text).toContain('Continue as Alice Example');

    const chosen = await browser
      .post('/_emulator/facebook/dialog/oauth')
      .type('form')
      .send({
        client_id: dialog.searchParams.get('client_id')!,
        redirect_uri: dialog.searchParams.get('redirect_uri')!,
        state: dialog.searchParams.get('state')!,
        action: 'create',
        new_user_name: 'Person In A Browser',
      })
      .expect(302);
    const callback = new URL(chosen.headers.location);
    const back = await browser.get(`${callback.pathname}${callback.search}`).expect(302);
    const code = new URL(back.headers.location).searchParams.get('code');
    const tokens = (
      await auth
        .http()
        .post('/auth/token')
        .type('form')
        .send({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          redirect_uri: 'http://localhost:3000/',
        })
        .expect(200)
    ).body;
    const me = (await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200)).body;
    expect(me.name).toBe('Person In A Browser');
  });
});
