import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AccessTokensConfig, AccountService, BanService } from '../apps/auth/src';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';
import { facebookEnvironment, startFacebook } from './support/facebook-fixture';
import { freePort } from './support/free-port';
import { type RpcTestClient, rpcTestClient } from './support/rpc-client';

const ORDERS_SECRET = 'orders-secret-for-tests-0123456789';
const REPORTER_SECRET = 'reporter-secret-for-tests-012345';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('service tokens: client credentials and on-behalf-of token exchange', () => {
  let auth: AuthTestApp;
  let rpc: RpcTestClient;
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let graphUrl: string;

  beforeAll(async () => {
    const started = await startFacebook();
    facebook = started.facebook;
    ours = started.ours;
    graphUrl = started.url;
    const port = await freePort();
    auth = await createAuthTestApp(
      {
        ...facebookEnvironment(started.url, ours),
        FACEBOOK_TOKEN_KEY: 'b'.repeat(64),
        SERVICE_CLIENTS: JSON.stringify([
          {
            id: 'orders',
            secret_sha256: sha256(ORDERS_SECRET),
            audiences: ['inventory'],
            scopes: ['inventory:reserve'],
          },
          { id: 'reporter', secret_sha256: sha256(REPORTER_SECRET), audiences: ['auth'], scopes: ['facebook:token'] },
        ]),
      },
      { tcpPort: port },
    );
    rpc = rpcTestClient(port);
  });
  afterAll(async () => {
    await rpc.close();
    await auth.close();
    await facebook.close();
  });

  const token = (body: Record<string, string>, authorization?: string) => {
    const call = auth.http().post('/auth/token').type('form').send(body);
    return authorization ? call.set('Authorization', authorization) : call;
  };
  const exchange = (
    subjectToken: string,
    extra: Record<string, string> = {},
    authorization = basic('orders', ORDERS_SECRET),
  ) =>
    token(
      {
        grant_type: EXCHANGE,
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN,
        audience: 'inventory',
        scope: 'inventory:reserve',
        ...extra,
      },
      authorization,
    );

  describe('client_credentials', () => {
    it('issues a service token with HTTP Basic or body credentials', async () => {
      for (const response of [
        await token({ grant_type: 'client_credentials' }, basic('orders', ORDERS_SECRET)).expect(200),
        await token({ grant_type: 'client_credentials', client_id: 'orders', client_secret: ORDERS_SECRET }).expect(
          200,
        ),
      ]) {
        expect(response.body.refresh_token).toBeUndefined();
        expect(response.headers['cache-control']).toBe('no-store');
        expect(decodeJwt(response.body.access_token)).toMatchObject({
          sub: 'orders',
          client_id: 'orders',
          aud: ['inventory'],
          roles: ['service'],
          scope: 'inventory:reserve',
        });
        expect(decodeJwt(response.body.access_token).sid).toBeUndefined();
      }
    });

    it.each([
      ['a wrong secret', { client_id: 'orders', client_secret: 'wrong-secret' }, 401, 'invalid_client'],
      ['an unknown client', { client_id: 'nobody', client_secret: ORDERS_SECRET }, 401, 'invalid_client'],
      ['no credentials', {}, 401, 'invalid_client'],
      [
        'an audience it may not have',
        { client_id: 'orders', client_secret: ORDERS_SECRET, audience: 'orders' },
        400,
        'invalid_target',
      ],
      [
        'a wider scope',
        { client_id: 'orders', client_secret: ORDERS_SECRET, scope: 'inventory:reserve admin' },
        400,
        'invalid_scope',
      ],
    ])('refuses %s', async (_, body, status, error) => {
      const response = await token({ grant_type: 'client_credentials', ...body }).expect(status);
      expect(response.body.error).toBe(error);
    });

    it('refuses two authentication methods at once', async () => {
      const response = await token(
        { grant_type: 'client_credentials', client_secret: ORDERS_SECRET },
        basic('orders', ORDERS_SECRET),
      ).expect(400);
      expect(response.body.error).toBe('invalid_request');
    });
  });

  describe('token exchange (RFC 8693)', () => {
    it('narrows a user token to inventory:reserve for inventory, acting as orders, expiring no later', async () => {
      const user = await auth.login();
      const response = await exchange(user.access_token).expect(200);
      expect(response.body).toMatchObject({
        issued_token_type: ACCESS_TOKEN,
        token_type: 'Bearer',
        scope: 'inventory:reserve',
      });
      expect(response.body.refresh_token).toBeUndefined();
      const subject = decodeJwt(user.access_token);
      const delegated = decodeJwt(response.body.access_token);
      expect(delegated).toMatchObject({
        sub: user.account_id,
        sid: user.session_id,
        aud: ['inventory'],
        act: { sub: 'orders' },
        roles: [],
        scope: 'inventory:reserve',
      });
      expect(delegated.exp!).toBeLessThanOrEqual(subject.exp!);
    });

    it('answers 401 invalid_client for an unauthenticated actor', async () => {
      const user = await auth.login();
      expect((await exchange(user.access_token, {}, basic('orders', 'not-the-secret')).expect(401)).body.error).toBe(
        'invalid_client',
      );
    });

    it('answers 400 invalid_target for an audience the actor may not have', async () => {
      const user = await auth.login();
      expect((await exchange(user.access_token, { audience: 'auth' }).expect(400)).body.error).toBe('invalid_target');
    });

    it('answers 400 invalid_scope for a scope wider than allowed', async () => {
      const user = await auth.login();
      expect(
        (await exchange(user.access_token, { scope: 'inventory:reserve inventory:admin' }).expect(400)).body.error,
      ).toBe('invalid_scope');
    });

    it('answers 400 invalid_grant for an expired, revoked, banned, foreign or already delegated subject', async () => {
      const expired = await auth.login();
      auth.clock.advance(auth.env.feature(AccessTokensConfig).ACCESS_TOKEN_TTL + 60);
      try {
        expect((await exchange(expired.access_token).expect(400)).body.error).toBe('invalid_grant');
      } finally {
        auth.clock.advance(-(auth.env.feature(AccessTokensConfig).ACCESS_TOKEN_TTL + 60));
      }

      const revoked = await auth.login();
      await auth.http().post('/auth/logout').send({ refresh_token: revoked.refresh_token }).expect(204);
      expect((await exchange(revoked.access_token).expect(400)).body.error).toBe('invalid_grant');

      const banned = await auth.login();
      await auth.app.get(BanService).ban(banned.account_id, 'test');
      expect((await exchange(banned.access_token).expect(400)).body.error).toBe('invalid_grant');

      expect((await exchange('not.a.token').expect(400)).body.error).toBe('invalid_grant');

      const user = await auth.login();
      const delegated = (await exchange(user.access_token).expect(200)).body.access_token;
      expect((await exchange(delegated).expect(400)).body.error).toBe('invalid_grant');

      // The reporter never received this token: a user token names the platform's services, not it.
      const stolen = await token(
        {
          grant_type: EXCHANGE,
          subject_token: user.access_token,
          subject_token_type: ACCESS_TOKEN,
          audience: 'auth',
          scope: 'facebook:token',
        },
        basic('reporter', REPORTER_SECRET),
      ).expect(400);
      expect(stolen.body.error).toBe('invalid_grant');
    });

    it('refuses a subject token minted before its account changed, and exchanges the refreshed one', async () => {
      const user = await auth.login();
      await auth.app.get(AccountService).setRoles(user.account_id, ['support']);
      const refused = await exchange(user.access_token).expect(400);
      expect(refused.body).toEqual({
        error: 'invalid_grant',
        error_description: 'subject_token: the account changed after this token was issued; refresh it',
      });
      const refreshed = (await auth.refresh(user.refresh_token).expect(200)).body;
      await exchange(refreshed.access_token).expect(200);
    });

    it('requires the subject token type', async () => {
      const user = await auth.login();
      expect(
        (
          await exchange(user.access_token, { subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }).expect(
            400,
          )
        ).body.error,
      ).toBe('invalid_request');
    });
  });

  describe('over RPC', () => {
    it('offers client_credentials and token exchange as auth.token, with the same errors', async () => {
      const issued = await rpc.call<{ access_token: string }>('auth.token', {
        grant_type: 'client_credentials',
        client_id: 'orders',
        client_secret: ORDERS_SECRET,
      });
      expect(decodeJwt(issued.access_token).sub).toBe('orders');
      const user = await auth.login();
      const exchanged = await rpc.call<{ access_token: string }>('auth.token', {
        grant_type: EXCHANGE,
        client_id: 'orders',
        client_secret: ORDERS_SECRET,
        subject_token: user.access_token,
        subject_token_type: ACCESS_TOKEN,
        audience: 'inventory',
      });
      expect(decodeJwt(exchanged.access_token).act).toEqual({ sub: 'orders' });
      await expect(
        rpc.call('auth.token', { grant_type: 'client_credentials', client_id: 'orders', client_secret: 'nope' }),
      ).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
      await expect(rpc.call('auth.token', { grant_type: 'refresh_token', refresh_token: 'x' })).rejects.toMatchObject({
        status: 400,
        error: 'unsupported_grant_type',
      });
    });

    it('gives the Facebook token to a service holding facebook:token, and to no one else', async () => {
      const fbUser = facebook.addUser('Graph Friend');
      const login = (
        await auth
          .http()
          .post('/auth/facebook/token')
          .send({ access_token: facebook.issueUserToken(ours.appId, fbUser.id) })
          .expect(200)
      ).body;
      const accountId = decodeJwt(login.access_token).sub!;
      const reporter = (
        await token({ grant_type: 'client_credentials', client_id: 'reporter', client_secret: REPORTER_SECRET }).expect(
          200,
        )
      ).body.access_token;

      const granted = await rpc.call<{ access_token: string }>('auth.facebook.token', { accountId }, reporter);
      // Facebook knows it: the user's long-lived token for our app.
      const debug = await fetch(`${graphUrl}/debug_token?input_token=${granted.access_token}`, {
        headers: { authorization: `Bearer ${ours.appId}|${ours.appSecret}` },
      });
      expect(((await debug.json()) as { data: unknown }).data).toMatchObject({
        is_valid: true,
        user_id: fbUser.id,
        app_id: ours.appId,
      });

      const orders = (
        await token({ grant_type: 'client_credentials', client_id: 'orders', client_secret: ORDERS_SECRET }).expect(200)
      ).body.access_token;
      await expect(rpc.call('auth.facebook.token', { accountId }, orders)).rejects.toMatchObject({ status: 401 });
      await expect(rpc.call('auth.facebook.token', { accountId }, login.access_token)).rejects.toMatchObject({
        status: 403,
      });
      await expect(rpc.call('auth.facebook.token', { accountId })).rejects.toMatchObject({ status: 401 });
    });
  });
});
