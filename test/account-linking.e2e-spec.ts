import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { signRequest } from '../apps/auth/src';
import type { EmulatedApp, EmulatedGoogleClient, FacebookEmulator, GoogleEmulator } from '@app/emulators';
import type { LoginTokens } from './support/auth-test-app';
import { SPA_CALLBACK, facebookEnvironment, startFacebook } from './support/facebook-fixture';
import { googleEnvironment, startGoogle } from './support/google-fixture';
import { type Mode, type Platform, startPlatform } from './support/platform';
import { decideAtProvider, providerLogin, redeemLoginCode } from './support/provider-login';
import { statusWithin } from './support/status-within';

// One account, several logins, through the public origin in both deployment modes; Facebook and
// Google emulated at their HTTP boundary.
describe.each(['monolith', 'split'] as Mode[])('account linking (%s)', (mode) => {
  let facebook: FacebookEmulator;
  let facebookApp: EmulatedApp;
  let google: GoogleEmulator;
  let googleClient: EmulatedGoogleClient;
  let platform: Platform;
  let admin: LoginTokens;
  let closeProviders: () => Promise<void>;

  beforeAll(async () => {
    const fb = await startFacebook();
    const gg = await startGoogle();
    ({ facebook, ours: facebookApp } = fb);
    ({ google, ours: googleClient } = gg);
    closeProviders = async () => {
      await fb.facebook.close();
      await gg.google.close();
    };
    platform = await startPlatform(mode, {
      ...facebookEnvironment(fb.url, fb.ours),
      ...googleEnvironment(gg.issuer, gg.ours),
    });
    admin = await platform.login({ roles: ['admin'] });
  });
  afterAll(async () => {
    await platform.close();
    await closeProviders();
  });

  const browser = () => request.agent(platform.http().get('/').app);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = async (token: string) =>
    (await platform.http().get('/auth/me').set(bearer(token)).expect(200)).body as {
      id: string;
      providers: Array<{ provider: string }>;
    };
  const providersOf = async (token: string) => (await me(token)).providers.map((p) => p.provider).sort();

  async function signIn(provider: 'facebook' | 'google', choice: Record<string, string>) {
    const agent = browser();
    const { back, verifier } = await providerLogin(agent, provider, choice);
    return redeemLoginCode(agent, back, verifier);
  }
  const withFacebook = (userId: string) => signIn('facebook', { user_id: userId });
  const withGoogle = (sub: string) => signIn('google', { sub });

  /** Facebook's data-deletion callback for this user, signed as Facebook signs it. */
  async function deleteFacebookData(userId: string): Promise<void> {
    const signed = signRequest(
      { algorithm: 'HMAC-SHA256', user_id: userId, issued_at: Math.floor(Date.now() / 1000) },
      facebookApp.appSecret,
    );
    await platform
      .http()
      .post('/auth/facebook/data-deletion')
      .type('form')
      .send({ signed_request: signed })
      .expect(200);
  }

  async function ticketFor(token: string): Promise<string> {
    const response = await platform.http().post('/auth/link-tickets').set(bearer(token)).expect(201);
    expect(response.body).toEqual({ ticket: expect.stringMatching(/^[\w-]{43}$/), expires_in: 60 });
    return response.body.ticket;
  }

  /** Links a provider login to the account of `token`; answers where the browser lands. */
  async function link(token: string, provider: 'facebook' | 'google', choice: Record<string, string>) {
    const agent = browser();
    const { back, verifier } = await providerLogin(agent, provider, choice, { link_ticket: await ticketFor(token) });
    return { agent, back, verifier };
  }

  it('adds a Google login to a Facebook account: Google alone then signs in to that account', async () => {
    const fbUser = facebook.addUser('Lina Link');
    const gUser = google.addUser('Lina Link', 'lina@example.test');
    const tokens = await withFacebook(fbUser.id);
    const { agent, back, verifier } = await link(tokens.access_token, 'google', { sub: gUser.sub });
    expect(back.searchParams.get('linked')).toBe('google');
    const linked = await redeemLoginCode(agent, back, verifier);
    const account = await me(linked.access_token);
    expect(account.id).toBe((await me(tokens.access_token)).id);
    expect(await providersOf(linked.access_token)).toEqual(['facebook', 'google']);
    expect((await me((await withGoogle(gUser.sub)).access_token)).id).toBe(account.id);
    const events = await platform.authApp
      .get(DataSource)
      .query(`SELECT detail FROM auth.audit_events WHERE type = 'login_linked' AND account_id = $1`, [account.id]);
    expect(events).toEqual([{ detail: { provider: 'google' } }]);
  });

  it('a link ticket works once, for 60 s, and only for a live session', async () => {
    const tokens = await withFacebook(facebook.addUser('Tia Ticket').id);
    const ticket = await ticketFor(tokens.access_token);
    const start = (agent = browser()) =>
      agent.get('/auth/google').query({ redirect_uri: SPA_CALLBACK, mode: 'session', link_ticket: ticket });
    await start().expect(302);
    expect((await start().expect(400)).body.message).toMatch(/link_ticket is invalid, expired or already used/);

    const late = await ticketFor(tokens.access_token);
    platform.clock.advance(61);
    try {
      await browser()
        .get('/auth/google')
        .query({ redirect_uri: SPA_CALLBACK, mode: 'session', link_ticket: late })
        .expect(400);
    } finally {
      platform.clock.advance(-61);
    }

    await platform.http().post('/auth/link-tickets').expect(401);
    await platform.http().post('/auth/logout').send({ refresh_token: tokens.refresh_token }).expect(204);
    await platform.http().post('/auth/link-tickets').set(bearer(tokens.access_token)).expect(401);
  });

  it('refuses an identity already on another account (account_exists) and changes nothing', async () => {
    const owner = google.addUser('Omar Owner');
    const ownerTokens = await withGoogle(owner.sub);
    const other = await withFacebook(facebook.addUser('Ivan Intruder').id);
    const { back } = await link(other.access_token, 'google', { sub: owner.sub });
    expect(back.searchParams.get('error')).toBe('account_exists');
    expect(back.searchParams.get('code')).toBeNull();
    expect(await providersOf(other.access_token)).toEqual(['facebook']);
    expect((await me((await withGoogle(owner.sub)).access_token)).id).toBe((await me(ownerTokens.access_token)).id);
  });

  it('refuses a second login of the same provider on one account (already_linked)', async () => {
    const tokens = await withGoogle(google.addUser('Gil Twice').sub);
    const { back } = await link(tokens.access_token, 'google', { sub: google.addUser('Gil Other').sub });
    expect(back.searchParams.get('error')).toBe('already_linked');
    expect(await providersOf(tokens.access_token)).toEqual(['google']);
  });

  it('unlinks: the login goes, Google alone then makes a new account; the last login cannot go', async () => {
    const fbUser = facebook.addUser('Una Unlink');
    const gUser = google.addUser('Una Unlink');
    const tokens = await withFacebook(fbUser.id);
    const { agent, back, verifier } = await link(tokens.access_token, 'google', { sub: gUser.sub });
    await redeemLoginCode(agent, back, verifier);
    const accountId = (await me(tokens.access_token)).id;

    await platform.http().delete('/auth/me/logins/google').set(bearer(tokens.access_token)).expect(204);
    expect(await providersOf(tokens.access_token)).toEqual(['facebook']);
    await platform.http().delete('/auth/me/logins/google').set(bearer(tokens.access_token)).expect(404);
    const last = await platform.http().delete('/auth/me/logins/facebook').set(bearer(tokens.access_token)).expect(409);
    expect(last.body.message).toMatch(/only login/);
    await platform.http().delete('/auth/me/logins/NOT%20A%20PROVIDER').set(bearer(tokens.access_token)).expect(400);
    await platform.http().delete('/auth/me/logins/google').expect(401);
    expect((await me((await withGoogle(gUser.sub)).access_token)).id).not.toBe(accountId);
    const [event] = await platform.authApp
      .get(DataSource)
      .query(`SELECT detail FROM auth.audit_events WHERE type = 'login_unlinked' AND account_id = $1`, [accountId]);
    expect(event.detail).toEqual({ provider: 'google' });
  });

  it('never merges by e-mail: Google then Facebook with the same address, without linking, are two accounts', async () => {
    const email = `same.${Date.now()}@example.test`;
    const viaGoogle = await withGoogle(google.addUser('Sam Same', email).sub);
    const viaFacebook = await withFacebook(facebook.addUser('Sam Same', email).id);
    expect((await me(viaGoogle.access_token)).id).not.toBe((await me(viaFacebook.access_token)).id);
  });

  it('a ban holds across providers, outlives one provider’s data deletion, and is lifted for both', async () => {
    const fbUser = facebook.addUser('Bea Banned');
    const gUser = google.addUser('Bea Banned');
    const tokens = await withFacebook(fbUser.id);
    const { agent, back, verifier } = await link(tokens.access_token, 'google', { sub: gUser.sub });
    const viaGoogle = await redeemLoginCode(agent, back, verifier);
    const accountId = (await me(tokens.access_token)).id;

    await platform
      .http()
      .post(`/api/admin/accounts/${accountId}/ban`)
      .set(bearer(admin.access_token))
      .send({ reason: 'abuse' })
      .expect(200);
    // The token Google's login got stops working at the services too.
    expect(
      await statusWithin(
        2_000,
        401,
        async () => (await platform.http().get('/api/orders').set(bearer(viaGoogle.access_token))).status,
      ),
    ).toBe(401);
    // Both identities join the ban record (a hash each), so it outlives either login's data.
    const hashes = ['facebook:' + fbUser.id, 'google:' + gUser.sub].map((identity) =>
      createHash('sha256').update(identity).digest('hex'),
    );
    const kept = await platform.authApp
      .get(DataSource)
      .query('SELECT identity_hash FROM auth.banned_identities WHERE identity_hash = ANY($1)', [hashes]);
    expect(kept).toHaveLength(2);
    const { back: refused } = await providerLogin(browser(), 'google', { sub: gUser.sub });
    expect(refused.searchParams.get('error')).toBe('access_denied');
    await platform
      .http()
      .post('/auth/google/token')
      .send({ id_token: await google.idToken(googleClient.clientId, gUser.sub) })
      .expect(403);

    // Deleting the Facebook data removes that login only; the account and its ban stay with Google's.
    await deleteFacebookData(fbUser.id);
    const view = await platform
      .http()
      .get(`/api/admin/accounts/${accountId}`)
      .set(bearer(admin.access_token))
      .expect(200);
    expect(view.body).toMatchObject({ banned: true, providers: [expect.objectContaining({ provider: 'google' })] });
    expect(view.body.providers).toHaveLength(1);

    await platform.http().post(`/api/admin/accounts/${accountId}/unban`).set(bearer(admin.access_token)).expect(200);
    expect((await me((await withGoogle(gUser.sub)).access_token)).id).toBe(accountId);
  });

  it('refuses a link whose account was deleted while the person was at the provider, and creates nothing', async () => {
    const fbUser = facebook.addUser('Dora Deleted');
    const tokens = await withFacebook(fbUser.id);
    const agent = browser();
    const started = await agent
      .get('/auth/google')
      .query({ redirect_uri: SPA_CALLBACK, mode: 'session', link_ticket: await ticketFor(tokens.access_token) })
      .expect(302);
    await deleteFacebookData(fbUser.id);
    const gUser = google.addUser('Dora Deleted');
    const callback = await decideAtProvider(new URL(started.headers.location), { sub: gUser.sub });
    const back = new URL((await agent.get(`${callback.pathname}${callback.search}`).expect(302)).headers.location);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toMatch(/no longer exists/);
    const logins = await platform.authApp
      .get(DataSource)
      .query("SELECT 1 FROM auth.logins WHERE provider = 'google' AND provider_user_id = $1", [gUser.sub]);
    expect(logins).toEqual([]);
  });

  it('links in session mode: the session cookie asks for the ticket, the browser comes back linked', async () => {
    const agent = browser();
    const fromSpa = { 'x-requested-with': 'fetch', origin: new URL(SPA_CALLBACK).origin };
    await providerLogin(agent, 'facebook', { user_id: facebook.addUser('Seb Session').id }, { mode: 'session' });
    await agent.post('/auth/link-tickets').expect(403);
    const { ticket } = (await agent.post('/auth/link-tickets').set(fromSpa).expect(201)).body;
    const gUser = google.addUser('Seb Session');
    const { back } = await providerLogin(agent, 'google', { sub: gUser.sub }, { mode: 'session', link_ticket: ticket });
    expect(back.searchParams.get('linked')).toBe('google');
    const account = (await agent.get('/auth/me').expect(200)).body;
    expect(account.providers.map((p: { provider: string }) => p.provider).sort()).toEqual(['facebook', 'google']);
  });
});
