import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { EmulatedGoogleClient, GoogleEmulator } from '@app/emulators';
import { pkce, SPA_CALLBACK, facebookEnvironment, startFacebook } from './support/facebook-fixture';
import { googleEnvironment, startGoogle } from './support/google-fixture';
import { type Mode, type Platform, startPlatform } from './support/platform';
import { decideAtProvider, providerLogin, redeemLoginCode } from './support/provider-login';

// Google through the public origin, in both deployment modes, against the emulator over HTTP only.
const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;

describe.each(['monolith', 'split'] as Mode[])('Google sign-in (%s)', (mode) => {
  let google: GoogleEmulator;
  let issuer: string;
  let ours: EmulatedGoogleClient;
  let foreign: EmulatedGoogleClient;
  let platform: Platform;
  let closeFacebook: () => Promise<void>;

  beforeAll(async () => {
    ({ google, issuer, ours, foreign } = await startGoogle());
    const facebook = await startFacebook();
    closeFacebook = () => facebook.facebook.close();
    platform = await startPlatform(mode, {
      ...facebookEnvironment(facebook.url, facebook.ours),
      ...googleEnvironment(issuer, ours),
    });
  });
  afterAll(async () => {
    await platform.close();
    await google.close();
    await closeFacebook();
  });

  const browser = () => request.agent(platform.http().get('/').app);
  type Browser = ReturnType<typeof browser>;
  const database = () => platform.authApp.get(DataSource);
  const sessionCount = async () =>
    Number((await database().query('SELECT count(*)::int AS n FROM auth.sessions'))[0].n);

  /** Starts the redirect flow; answers the browser and Google's sign-in URL. */
  async function startGoogleLogin(agent: Browser, query: Record<string, string>) {
    const started = await agent
      .get('/auth/google')
      .query({ redirect_uri: SPA_CALLBACK, ...query })
      .expect(302);
    return new URL(started.headers.location);
  }

  const decide = decideAtProvider;

  /** The whole redirect flow in code mode; answers where the platform sends the browser back to. */
  async function googleLogin(sub: string, agent = browser()) {
    return { agent, ...(await providerLogin(agent, 'google', { sub })) };
  }

  async function signInWithGoogle(sub: string) {
    const { agent, verifier, back } = await googleLogin(sub);
    return { agent, tokens: await redeemLoginCode(agent, back, verifier) };
  }

  const me = async (accessToken: string) =>
    (await platform.http().get('/auth/me').auth(accessToken, { type: 'bearer' }).expect(200)).body as {
      id: string;
      name: string;
      email: string | null;
      providers: Array<{ provider: string }>;
    };

  describe('redirect flow', () => {
    it('sends the browser to the discovered authorization endpoint with our client, the callback, state, nonce and S256 PKCE', async () => {
      const authorize = await startGoogleLogin(browser(), {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/o/oauth2/v2/auth`);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        client_id: ours.clientId,
        redirect_uri: 'http://localhost:3000/auth/google/callback',
        response_type: 'code',
        scope: 'openid email profile',
        code_challenge_method: 'S256',
        state: expect.stringMatching(/^[\w-]{43}$/),
        nonce: expect.stringMatching(/^[\w-]{43}$/),
        code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      });
    });

    it('signs in with a one-time code the SPA redeems (memory mode), keyed on the subject, the verified e-mail kept', async () => {
      const user = google.addUser('Gina Google', 'gina@example.test');
      const { tokens } = await signInWithGoogle(user.sub);
      expect(tokens.access_token).toMatch(JWT);
      const account = await me(tokens.access_token);
      expect(account).toMatchObject({ name: 'Gina Google', email: 'gina@example.test' });
      expect(account.providers.map((p) => p.provider)).toEqual(['google']);
      await platform.http().get('/api/orders').auth(tokens.access_token, { type: 'bearer' }).expect(200);
      const [event] = await database().query(
        `SELECT detail FROM auth.audit_events WHERE type = 'login_succeeded' AND account_id = $1`,
        [account.id],
      );
      expect(event.detail).toEqual({ provider: 'google', emailVerified: true });
    });

    it('records an unverified e-mail as unverified and does not keep it', async () => {
      const user = google.addUser('Uma Unverified', 'uma@example.test', false);
      const { tokens } = await signInWithGoogle(user.sub);
      expect((await me(tokens.access_token)).email).toBeNull();
    });

    it('works in cookie mode: the refresh token in the cookie, refreshed from it', async () => {
      const { agent, verifier, back } = await googleLogin(google.addUser('Cora Cookie').sub);
      const redeemed = await agent
        .post('/auth/token')
        .send({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code'),
          code_verifier: verifier,
          redirect_uri: SPA_CALLBACK,
          refresh_token_delivery: 'cookie',
        })
        .expect(200);
      expect(redeemed.body.refresh_token).toBeUndefined();
      const refreshed = await agent
        .post('/auth/token')
        .set({ 'x-requested-with': 'fetch', origin: new URL(SPA_CALLBACK).origin })
        .send({ grant_type: 'refresh_token' })
        .expect(200);
      expect((await me(refreshed.body.access_token)).name).toBe('Cora Cookie');
    });

    it('works in session mode: a session cookie, no code, and the API runs as that user', async () => {
      const agent = browser();
      const authorize = await startGoogleLogin(agent, { mode: 'session' });
      const callback = await decide(authorize, { sub: google.addUser('Sam Session').sub });
      const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
      expect(back.searchParams.get('code')).toBeNull();
      expect((await agent.get('/auth/session').expect(200)).body).toMatchObject({
        state: 'signed-in',
        account: { name: 'Sam Session' },
      });
      await agent.get('/api/orders').expect(200);
    });

    it('refuses an ID token whose nonce is not this login’s (a tampered authorization request): no code', async () => {
      const agent = browser();
      const authorize = await startGoogleLogin(agent, {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      authorize.searchParams.set('nonce', 'a-nonce-of-someone-elses-login-000000000000');
      const callback = await decide(authorize, { sub: google.addUser('Nora Nonce').sub });
      const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
      expect(back.searchParams.get('code')).toBeNull();
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('error_description')).toMatch(/claim/);
    });

    it('refuses a code exchanged without its PKCE verifier (a tampered challenge): no code', async () => {
      const agent = browser();
      const authorize = await startGoogleLogin(agent, {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      authorize.searchParams.set('code_challenge', pkce().challenge);
      const callback = await decide(authorize, { sub: google.addUser('Pia Pkce').sub });
      const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('code')).toBeNull();
      expect(back.searchParams.get('error_description')).toBe('Google refused the code');
    });

    it('issues nothing for a callback opened in another browser (login CSRF)', async () => {
      const authorize = await startGoogleLogin(browser(), {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      const callback = await decide(authorize, { sub: google.addUser('Carl Csrf').sub });
      const before = await sessionCount();
      await browser().get(`${callback.pathname}${callback.search}`).expect(400);
      expect(await sessionCount()).toBe(before);
    });

    it('sends the browser back with error=access_denied when the person cancels', async () => {
      const agent = browser();
      const authorize = await startGoogleLogin(agent, {
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      });
      const callback = await decide(authorize, { action: 'cancel' });
      const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
      expect(back.searchParams.get('error')).toBe('access_denied');
    });

    it('answers temporarily_unavailable when Google’s token endpoint is down, and works again after', async () => {
      const agent = browser();
      const { verifier, challenge } = pkce();
      const authorize = await startGoogleLogin(agent, { code_challenge: challenge, code_challenge_method: 'S256' });
      const callback = await decide(authorize, { sub: google.addUser('Olga Outage').sub });
      google.available = false;
      try {
        const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
        expect(back.searchParams.get('error')).toBe('temporarily_unavailable');
      } finally {
        google.available = true;
      }
      void verifier;
      await signInWithGoogle(google.addUser('Olga Again').sub);
    });
  });

  describe('Google Identity Services credential (POST /auth/google/token)', () => {
    const post = (idToken: string) => platform.http().post('/auth/google/token').send({ id_token: idToken });

    it('answers a token response for a valid credential', async () => {
      const user = google.addUser('Ivy Identity');
      const response = await post(await google.idToken(ours.clientId, user.sub)).expect(200);
      expect(response.body).toEqual({
        access_token: expect.stringMatching(JWT),
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: expect.any(String),
      });
      expect(response.headers['cache-control']).toBe('no-store');
      expect((await me(response.body.access_token)).name).toBe('Ivy Identity');
    });

    it('refuses forged, expired, wrong-audience, wrong-issuer, wrong-azp, stale and alg:none tokens with 401, issuing nothing', async () => {
      const user = google.addUser('Vic Victim');
      const now = Math.floor(Date.now() / 1000);
      const attacker = await generateKeyPair('RS256');
      const forged = await new SignJWT({ sub: user.sub, aud: ours.clientId, iss: issuer, email: 'vic@example.test' })
        .setProtectedHeader({ alg: 'RS256', kid: google.currentKid })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(attacker.privateKey);
      const unsigned = (claims: object) =>
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      const valid = await google.idToken(ours.clientId, user.sub);
      const [header, payload] = valid.split('.');
      const cases: Record<string, string> = {
        forged,
        expired: await google.idToken(ours.clientId, user.sub, { iat: now - 7200, exp: now - 3600 }),
        'wrong audience': await google.idToken(foreign.clientId, user.sub),
        'wrong issuer': await google.idToken(ours.clientId, user.sub, { iss: 'https://accounts.evil.example' }),
        'wrong azp': await google.idToken(ours.clientId, user.sub, { azp: foreign.clientId }),
        'issued in the future': await google.idToken(ours.clientId, user.sub, { iat: now + 600, exp: now + 4200 }),
        stale: await google.idToken(ours.clientId, user.sub, { iat: now - 1800 }),
        'alg none': unsigned({ sub: user.sub, aud: ours.clientId, iss: issuer, iat: now, exp: now + 3600 }),
        'signature of another token': `${header}.${payload}.${forged.split('.')[2]}`,
      };
      const before = await sessionCount();
      for (const [name, token] of Object.entries(cases)) {
        const response = await post(token);
        expect({ name, status: response.status, error: response.body.error }).toEqual({
          name,
          status: 401,
          error: 'invalid_token',
        });
      }
      expect(await sessionCount()).toBe(before);
      await post(valid).expect(200);
    });

    it('validates its body', async () => {
      await platform.http().post('/auth/google/token').send({}).expect(400);
      await post('not-a-jwt').expect(400);
    });

    it('follows a key rotation at the issuer, and refetches the keys at most once per cooldown whatever arrives', async () => {
      const user = google.addUser('Rita Rotation');
      const before = await google.idToken(ours.clientId, user.sub);
      await post(before).expect(200);
      // As an operator would, over the emulator's HTTP endpoint.
      await fetch(`${issuer}/rotate-keys`, { method: 'POST' });
      const jwksFetches = () => google.requests.filter((r) => r.path === '/oauth2/v3/certs').length;
      // Past the refetch cooldown of the previous fetch, the unknown kid is looked up.
      await new Promise((resolve) => setTimeout(resolve, 5_100));
      const fetchedBefore = jwksFetches();
      await post(await google.idToken(ours.clientId, user.sub)).expect(200);
      expect(jwksFetches()).toBe(fetchedBefore + 1);
      // The previous key is still published: a token it signed still verifies.
      await post(before).expect(200);
      // Tokens naming keys nobody published do not make us hammer the issuer.
      const attacker = await generateKeyPair('RS256');
      for (let i = 0; i < 10; i++) {
        const junk = await new SignJWT({ sub: user.sub, aud: ours.clientId, iss: issuer })
          .setProtectedHeader({ alg: 'RS256', kid: `unknown-${i}` })
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(attacker.privateKey);
        await post(junk).expect(401);
      }
      expect(jwksFetches()).toBeLessThanOrEqual(fetchedBefore + 1);
    }, 20_000);
  });
});
