import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';
import { freePort } from './support/free-port';
import { type RpcTestClient, rpcTestClient } from './support/rpc-client';

describe('auth.* over the Nest TCP transport', () => {
  let auth: AuthTestApp;
  let rpc: RpcTestClient;

  beforeAll(async () => {
    const port = await freePort();
    // The feed is pulled once a minute here: what these tests show is auth's own check against the
    // database, which must refuse before any feed arrives (a pull landing first under load would
    // refuse for the other reason and hide it).
    auth = await createAuthTestApp({ REVOCATION_POLL_MS: '60000' }, { tcpPort: port });
    rpc = rpcTestClient(port);
  });
  afterAll(async () => {
    await rpc.close();
    await auth.close();
  });

  it('publishes the JWKS and the revocation feed without a token', async () => {
    const jwks = await rpc.call<{ keys: Array<{ kid: string }> }>('auth.jwks', {});
    expect(jwks.keys.length).toBeGreaterThan(0);
    const tokens = await auth.login();
    // The feed's head: pages follow one another until one is empty (earlier tests left entries).
    type Page = { entries: Array<{ sid?: string }>; cursor: string };
    let start = (await rpc.call<Page>('auth.revocations', {})).cursor;
    for (let page = await rpc.call<Page>('auth.revocations', { after: start }); page.entries.length;) {
      start = page.cursor;
      page = await rpc.call<Page>('auth.revocations', { after: start });
    }
    await auth.http().post('/auth/logout').send({ refresh_token: tokens.refresh_token }).expect(204);
    const page = await rpc.call<Page>('auth.revocations', { after: start });
    expect(page.entries.map((e) => e.sid)).toContain(tokens.session_id);
  });

  it('refuses account administration without a token (401) and without the admin role (403)', async () => {
    const target = await auth.login();
    await expect(rpc.call('auth.accounts.get', { accountId: target.account_id })).rejects.toMatchObject({
      status: 401,
      error: 'invalid_token',
    });
    await expect(rpc.call('auth.accounts.get', { accountId: target.account_id }, 'not.a.jwt')).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      rpc.call('auth.accounts.get', { accountId: target.account_id }, target.access_token),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('lets an admin ban and unban over RPC', async () => {
    const admin = await auth.login({ roles: ['admin'] });
    const target = await auth.login();
    const banned = await rpc.call<{ banned: boolean }>(
      'auth.accounts.ban',
      { accountId: target.account_id, reason: 'fraud' },
      admin.access_token,
    );
    expect(banned).toMatchObject({ id: target.account_id, banned: true, banReason: 'fraud' });
    await auth.refresh(target.refresh_token).expect(400);
    await expect(
      rpc.call('auth.accounts.ban', { accountId: target.account_id, reason: 'again' }, admin.access_token),
    ).rejects.toMatchObject({ status: 409 });
    const unbanned = await rpc.call('auth.accounts.unban', { accountId: target.account_id }, admin.access_token);
    expect(unbanned).toMatchObject({ banned: false });
  });

  it('answers 400 for malformed payloads and 404 for unknown accounts', async () => {
    const admin = await auth.login({ roles: ['admin'] });
    await expect(
      rpc.call('auth.accounts.ban', { accountId: 'nope', reason: 'x' }, admin.access_token),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      rpc.call('auth.accounts.ban', { accountId: '00000000-0000-4000-8000-000000000000' }, admin.access_token),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      rpc.call('auth.accounts.get', { accountId: '00000000-0000-4000-8000-000000000000' }, admin.access_token),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('lets an admin replace roles, which the next token carries', async () => {
    const admin = await auth.login({ roles: ['admin'] });
    const target = await auth.login();
    await rpc.call('auth.accounts.roles', { accountId: target.account_id, roles: ['support'] }, admin.access_token);
    const refreshed = (await auth.refresh(target.refresh_token).expect(200)).body;
    const me = (await auth.http().get('/auth/me').auth(refreshed.access_token, { type: 'bearer' }).expect(200)).body;
    expect(me.roles).toEqual(['support', 'user']);
  });

  it('refuses the admin patterns at once to a token whose session was logged out', async () => {
    const admin = await auth.login({ roles: ['admin'] });
    const target = await auth.login();
    await rpc.call('auth.accounts.get', { accountId: target.account_id }, admin.access_token);
    await auth.http().post('/auth/logout').send({ refresh_token: admin.refresh_token }).expect(204);
    await expect(
      rpc.call('auth.accounts.get', { accountId: target.account_id }, admin.access_token),
    ).rejects.toMatchObject({ status: 401, message: 'the session has ended' });
  });

  it('refuses the admin patterns at once to a demoted admin’s older token: no window to re-promote', async () => {
    const admin = await auth.login({ roles: ['admin'] });
    const deputy = await auth.login();
    await rpc.call('auth.accounts.roles', { accountId: deputy.account_id, roles: ['admin'] }, admin.access_token);
    const promoted = (await auth.refresh(deputy.refresh_token).expect(200)).body;
    await rpc.call('auth.accounts.get', { accountId: admin.account_id }, promoted.access_token);
    await rpc.call('auth.accounts.roles', { accountId: deputy.account_id, roles: [] }, admin.access_token);
    // No wait for the revocation feed: auth itself checks the account's last change.
    await expect(
      rpc.call('auth.accounts.roles', { accountId: deputy.account_id, roles: ['admin'] }, promoted.access_token),
    ).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/account changed after this token was issued/),
    });
    const view = await rpc.call<{ roles: string[] }>(
      'auth.accounts.get',
      { accountId: deputy.account_id },
      admin.access_token,
    );
    expect(view.roles).toEqual(['user']);
  });
});
