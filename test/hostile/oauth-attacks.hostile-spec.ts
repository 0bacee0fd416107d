import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { facebookEnvironment, pkce, SPA_CALLBACK, startFacebook } from '../support/facebook-fixture';
import { type Platform, startSplit } from '../support/platform';

// The login attacks an SPA's users face, played against the public origin (the split gateway,
// forwarding to the auth app) with Facebook emulated at its HTTP boundary.
describe('OAuth and Facebook attacks through the gateway', () => {
  let facebook: FacebookEmulator;
  let graphUrl: string;
  let ours: EmulatedApp;
  let foreign: EmulatedApp;
  let platform: Platform;
  /** Every Location header and URL our side produced, checked for credentials at the end. */
  const locations: string[] = [];

  beforeAll(async () => {
    ({ facebook, url: graphUrl, ours, foreign } = await startFacebook());
    platform = await startSplit(facebookEnvironment(graphUrl, ours));
  });
  afterAll(async () => {
    await platform.close();
    await facebook.close();
  });

  const browser = () => request.agent(platform.http().get('/').app);
  const count = async (table: string) =>
    Number((await platform.authApp.get(DataSource).query(`SELECT count(*)::int AS n FROM auth.${table}`))[0].n);

  async function startLogin(agent = browser(), redirectUri = SPA_CALLBACK) {
    const { verifier, challenge } = pkce();
    const started = await agent
      .get('/auth/facebook')
      .query({ redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' })
      .expect(302);
    locations.push(started.headers.location);
    return { agent, verifier, dialog: new URL(started.headers.location) };
  }
  async function decide(dialog: URL, userId: string, app = ours): Promise<URL> {
    const form = new URLSearchParams({
      client_id: app.appId,
      redirect_uri: dialog.searchParams.get('redirect_uri')!,
      state: dialog.searchParams.get('state') ?? '',
      user_id: userId,
    });
    const response = await fetch(`${graphUrl}/dialog/oauth`, { method: 'POST', body: form, redirect: 'manual' });
    return new URL(response.headers.get('location')!);
  }
  const callbackPath = (callback: URL) => `${callback.pathname}${callback.search}`;
  const redeem = (code: string | null, verifier: string, redirectUri = SPA_CALLBACK) =>
    platform
      .http()
      .post('/auth/token')
      .send({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri });
  async function completeLogin(userId: string) {
    const { agent, verifier, dialog } = await startLogin();
    const back = await agent.get(callbackPath(await decide(dialog, userId))).expect(302);
    locations.push(back.headers.location);
    return { verifier, back, code: new URL(back.headers.location).searchParams.get('code') };
  }

  it('login CSRF: the attacker’s callback URL opened in a victim’s browser issues nothing', async () => {
    const attacker = facebook.addUser('Attacker');
    const { dialog } = await startLogin();
    const callback = await decide(dialog, attacker.id);
    const before = await count('login_codes');
    const victim = browser();
    const response = await victim.get(callbackPath(callback));
    expect(response.status).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(await count('login_codes')).toBe(before);
  });

  it('state replay: a callback used once yields nothing the second time, even in the same browser', async () => {
    const { agent, dialog } = await startLogin();
    const callback = await decide(dialog, facebook.addUser('Twice').id);
    await agent.get(callbackPath(callback)).expect(302);
    const before = await count('login_codes');
    await agent.get(callbackPath(callback)).expect(400);
    expect(await count('login_codes')).toBe(before);
  });

  it('code replay: a login code redeems once; the second attempt and a wrong verifier fail with invalid_grant', async () => {
    const first = await completeLogin(facebook.addUser('Replay').id);
    await redeem(first.code, first.verifier).expect(200);
    expect((await redeem(first.code, first.verifier).expect(400)).body.error).toBe('invalid_grant');
    const second = await completeLogin(facebook.addUser('Guess').id);
    expect((await redeem(second.code, pkce().verifier).expect(400)).body.error).toBe('invalid_grant');
    expect((await redeem(second.code, second.verifier).expect(400)).body.error).toBe('invalid_grant');
  });

  it.each([
    'https://evil.example/callback',
    '//evil.example/callback',
    'https://spa.example.test.evil.example/callback',
    'https://spa.example.test@evil.example/callback',
    'https://spa.example.test%40evil.example/callback',
    'https://spa.example.test/callback/../../evil',
    'https://spa.example.test/callback#@evil.example',
    'https://spa.example.test/callback?next=https://evil.example',
    'https://spa.example.test/callback%2f..%2fevil',
    'https://spa.example.test:443/callback',
    'HTTPS://spa.example.test/callback',
    'https://spa.example.test/callback\\@evil.example',
    ' https://spa.example.test/callback',
    'https://spa.example.test/callback\t',
    'data:text/html,<script>alert(1)</script>',
  ])('redirect allowlist: refuses %j with 400 and no redirect', async (redirectUri) => {
    const response = await platform
      .http()
      .get('/auth/facebook')
      .query({ redirect_uri: redirectUri, code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    expect(response.status).toBe(400);
    expect(response.headers.location).toBeUndefined();
  });

  it('redirect allowlist: a code issued for one redirect_uri does not redeem for another allowed one', async () => {
    const login = await completeLogin(facebook.addUser('Elsewhere').id);
    expect((await redeem(login.code, login.verifier, 'http://localhost:5173/').expect(400)).body.error).toBe(
      'invalid_grant',
    );
  });

  it('token substitution: a Facebook token or code issued to another app logs nobody in', async () => {
    const victim = facebook.addUser('Substituted');
    const sessions = await count('sessions');
    const sdk = await platform
      .http()
      .post('/auth/facebook/token')
      .send({ access_token: facebook.issueUserToken(foreign.appId, victim.id) });
    expect(sdk.status).toBe(401);
    // A code Facebook issued to the other app, spliced into our callback with a genuine state.
    const { agent, dialog } = await startLogin();
    const spliced = await decide(dialog, victim.id, foreign);
    const back = await agent.get(callbackPath(spliced));
    const spa = back.headers.location ? new URL(back.headers.location) : undefined;
    expect(spa?.searchParams.get('code') ?? null).toBeNull();
    expect(await count('sessions')).toBe(sessions);
  });

  it('keeps credentials out of URLs and Referer: only a one-time code travels in a URL, pages send no Referer', async () => {
    const login = await completeLogin(facebook.addUser('Private').id);
    expect(login.back.headers['referrer-policy']).toBe('no-referrer');
    const tokens = (await redeem(login.code, login.verifier).expect(200)).body;
    expect(locations.length).toBeGreaterThan(5);
    for (const location of locations) {
      const url = new URL(location);
      expect([...url.searchParams.keys()].filter((key) => /token|secret|password/i.test(key))).toEqual([]);
      expect(location).not.toMatch(/EAA|eyJ/);
      expect(location).not.toContain(tokens.refresh_token);
    }
    // The token endpoint refuses credentials in the query string: they belong in the body.
    const inQuery = await platform
      .http()
      .post(`/auth/token?grant_type=refresh_token&refresh_token=${tokens.refresh_token}`)
      .send({});
    expect(inQuery.status).toBe(400);
    // and an access token in the query is not accepted in place of the Authorization header
    await platform.http().get(`/api/orders?access_token=${tokens.access_token}`).expect(401);
  });
});
