import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { FORWARDED_CLIENT_HEADER, signForwardedClient } from '@app/common';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';
import { freshClientAddress, freshLoopbackAddress, httpFrom } from './support/http-from';
import {
  BanService,
  KEY_ACTIVATION_SECONDS,
  SigningKeyService,
  RevocationService,
  SessionCleanupJob,
  AccessTokensConfig,
  SessionsConfig,
} from '../apps/auth/src';

describe('logout, sessions, bans and the revocation feed', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    // Strict rotation: a second use is a replay at once (the reuse interval has its own tests).
    auth = await createAuthTestApp({ REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(() => auth.close());

  const me = (accessToken: string) => auth.http().get('/auth/me').auth(accessToken, { type: 'bearer' });

  it('GET /auth/me answers the account with roles and linked providers', async () => {
    const tokens = await auth.login({ name: 'Grace', roles: ['admin'] });
    const body = (await me(tokens.access_token).expect(200)).body;
    expect(body).toEqual({
      id: tokens.account_id,
      name: 'Grace',
      email: null,
      roles: ['admin', 'user'],
      providers: [{ provider: 'test', linkedAt: expect.any(String) }],
    });
  });

  it('refuses a missing or forged bearer token with 401 and a Bearer challenge', async () => {
    const missing = await auth.http().get('/auth/me').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const tokens = await auth.login();
    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url')}.${tokens.access_token.split('.')[2]}`;
    await me(forged).expect(401);
    await me(`${header}.${payload}.`).expect(401);
  });

  it('logout ends that session only', async () => {
    const userId = `logout-${Date.now()}`;
    const phone = await auth.login({ userId });
    const laptop = await auth.login({ userId });
    await auth.http().post('/auth/logout').send({ refresh_token: phone.refresh_token }).expect(204);
    await auth.refresh(phone.refresh_token).expect(400);
    await me(phone.access_token).expect(401);
    await auth.refresh(laptop.refresh_token).expect(200);
    await me(laptop.access_token).expect(200);
  });

  it('logout validates its input and reveals nothing about unknown tokens', async () => {
    await auth.http().post('/auth/logout').send({}).expect(400);
    await auth.http().post('/auth/logout').send({ refresh_token: 42 }).expect(400);
    await auth.http().post('/auth/logout').send({ refresh_token: 'unknown' }).expect(204);
  });

  it('logout-all ends every session of the account', async () => {
    const userId = `all-${Date.now()}`;
    const first = await auth.login({ userId });
    const second = await auth.login({ userId });
    await auth.http().post('/auth/logout-all').auth(second.access_token, { type: 'bearer' }).expect(204);
    await auth.refresh(first.refresh_token).expect(400);
    await auth.refresh(second.refresh_token).expect(400);
    await me(first.access_token).expect(401);
    // A new login afterwards works.
    await me((await auth.login({ userId })).access_token).expect(200);
  });

  it('revoke (RFC 7009) ends the session of a refresh or access token, and answers 200 for anything', async () => {
    const byRefresh = await auth.login();
    await auth
      .http()
      .post('/auth/revoke')
      .type('form')
      .send({ token: byRefresh.refresh_token, token_type_hint: 'refresh_token' })
      .expect(200);
    await auth.refresh(byRefresh.refresh_token).expect(400);

    const byAccess = await auth.login();
    await auth.http().post('/auth/revoke').type('form').send({ token: byAccess.access_token }).expect(200);
    await auth.refresh(byAccess.refresh_token).expect(400);

    await auth.http().post('/auth/revoke').type('form').send({ token: 'nonsense' }).expect(200);
    await auth.http().post('/auth/revoke').type('form').send({}).expect(400);
  });

  it('lists live sessions without tokens and revokes one by id; someone else’s is 404', async () => {
    const userId = `list-${Date.now()}`;
    const a = await auth.login({ userId });
    const b = await auth.login({ userId });
    const listed = (await auth.http().get('/auth/sessions').auth(b.access_token, { type: 'bearer' }).expect(200)).body;
    expect(listed.map((s: { id: string }) => s.id).sort()).toEqual([a.session_id, b.session_id].sort());
    expect(listed.find((s: { id: string }) => s.id === b.session_id).current).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(a.refresh_token);

    const stranger = await auth.login();
    await auth
      .http()
      .delete(`/auth/sessions/${a.session_id}`)
      .auth(stranger.access_token, { type: 'bearer' })
      .expect(404);
    await auth.http().delete('/auth/sessions/not-a-uuid').auth(b.access_token, { type: 'bearer' }).expect(400);
    await auth.http().delete(`/auth/sessions/${a.session_id}`).auth(b.access_token, { type: 'bearer' }).expect(204);
    await auth.refresh(a.refresh_token).expect(400);
    await auth.refresh(b.refresh_token).expect(200);
  });

  it('a ban ends every session, refuses refresh and login until unbanned, and feeds revocations', async () => {
    const userId = `ban-${Date.now()}`;
    const tokens = await auth.login({ userId });
    const feed = auth.app.get(RevocationService);
    const before = await feedHead(feed);
    await auth.app.get(BanService).ban(tokens.account_id, 'spam');

    await auth.refresh(tokens.refresh_token).expect(400);
    await me(tokens.access_token).expect(401);
    const refused = await auth.http().post('/test/login').send({ userId }).expect(403);
    expect(refused.body.message).toMatch(/suspended/);

    const entries = await feedAfter(feed, before);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sid: tokens.session_id }),
        expect.objectContaining({ sub: tokens.account_id, notBefore: expect.any(Number) }),
      ]),
    );

    await auth.app.get(BanService).unban(tokens.account_id);
    await me((await auth.login({ userId })).access_token).expect(200);
  });

  it('the feed pages from a cursor', async () => {
    const feed = auth.app.get(RevocationService);
    const start = await feedHead(feed);
    const a = await auth.login();
    const b = await auth.login();
    await auth.http().post('/auth/logout').send({ refresh_token: a.refresh_token }).expect(204);
    await auth.http().post('/auth/logout').send({ refresh_token: b.refresh_token }).expect(204);
    const page = await feed.feed(start);
    expect(page.entries.map((e: { sid?: string }) => e.sid)).toEqual(
      expect.arrayContaining([a.session_id, b.session_id]),
    );
    // Past the page that held them, neither comes again (other suites sharing the database may add entries).
    const later = await feedAfter(feed, page.cursor);
    expect(later.filter((e) => e.sid === a.session_id || e.sid === b.session_id)).toEqual([]);
  });

  it('writes audit events without any token in them', async () => {
    const tokens = await auth.login();
    const rotated = (await auth.refresh(tokens.refresh_token).expect(200)).body;
    await auth.refresh(tokens.refresh_token).expect(400);
    await auth.http().post('/auth/logout').send({ refresh_token: rotated.refresh_token }).expect(204);
    const rows: Array<{ type: string; row: string }> = await auth.app
      .get(DataSource)
      .query(`SELECT type, row_to_json(e)::text AS row FROM auth.audit_events e WHERE account_id = $1 ORDER BY id`, [
        tokens.account_id,
      ]);
    expect(rows.map((r) => r.type)).toEqual(['login_succeeded', 'refresh', 'refresh_reuse_detected']);
    for (const secret of [tokens.access_token, tokens.refresh_token, rotated.access_token, rotated.refresh_token]) {
      for (const { row } of rows) expect(row).not.toContain(secret);
    }
    await expect(
      auth.app.get(DataSource).query('DELETE FROM auth.audit_events WHERE account_id = $1', [tokens.account_id]),
    ).rejects.toThrow(/append-only/);
  });

  it('the cleanup job deletes sessions that ended longer ago than SESSION_RETENTION, and keeps live ones', async () => {
    const ended = await auth.login();
    await auth.http().post('/auth/logout').send({ refresh_token: ended.refresh_token }).expect(204);
    const live = await auth.login();
    auth.clock.advance(auth.env.feature(SessionsConfig).SESSION_RETENTION + 60);
    try {
      const result = await auth.app.get(SessionCleanupJob).run();
      expect(result.sessions).toBeGreaterThanOrEqual(1);
      const sessions: Array<{ id: string }> = await auth.app
        .get(DataSource)
        .query('SELECT id FROM auth.sessions WHERE id = ANY($1)', [[ended.session_id, live.session_id]]);
      // The live session expired idle meanwhile only if REFRESH_TOKEN_TTL < retention; by default it has not.
      expect(sessions.map((s) => s.id)).toEqual([live.session_id]);
      const tokens: Array<{ count: number }> = await auth.app
        .get(DataSource)
        .query('SELECT count(*)::int AS count FROM auth.refresh_tokens WHERE session_id = $1', [ended.session_id]);
      expect(tokens[0].count).toBe(0);
    } finally {
      auth.clock.advance(-(auth.env.feature(SessionsConfig).SESSION_RETENTION + 60));
    }
  });
});

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp();
  });
  afterAll(() => auth.close());

  it.each([
    [{}, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'a', password: 'b' }, 400, 'unsupported_grant_type'],
    [{ grant_type: 'refresh_token' }, 400, 'invalid_request'],
    [{ grant_type: 'refresh_token', refresh_token: 'unknown' }, 400, 'invalid_grant'],
    [{ grant_type: ['refresh_token', 'refresh_token'] }, 400, 'invalid_request'],
    [{ grant_type: 'refresh_token', refresh_token: { $ne: null } }, 400, 'invalid_request'],
  ])('%j → %i %s', async (body, status, error) => {
    const response = await auth.http().post('/auth/token').send(body).expect(status);
    expect(response.body).toEqual({ error, error_description: expect.any(String) });
  });

  it('accepts a form-encoded body', async () => {
    const tokens = await auth.login();
    const response = await auth
      .http()
      .post('/auth/token')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
      .expect(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
  });

  it('publishes discovery metadata', async () => {
    const body = (await auth.http().get('/.well-known/openid-configuration').expect(200)).body;
    expect(body).toMatchObject({
      issuer: auth.env.JWT_ISSUER,
      token_endpoint: `${auth.env.PUBLIC_URL}/auth/token`,
      jwks_uri: `${auth.env.PUBLIC_URL}/.well-known/jwks.json`,
      revocation_endpoint: `${auth.env.PUBLIC_URL}/auth/revoke`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(body.grant_types_supported).toContain('refresh_token');
  });
});

/**
 * The feed's head. `feed(undefined)` answers the first page of the table, which is the head only
 * while fewer entries than a page exist; suites sharing the database leave more.
 */
async function feedHead(feed: RevocationService): Promise<string> {
  let cursor = (await feed.feed(undefined)).cursor;
  for (let page = await feed.feed(cursor); page.entries.length; page = await feed.feed(cursor)) cursor = page.cursor;
  return cursor;
}

/** Every entry after `cursor`, page after page. */
async function feedAfter(feed: RevocationService, cursor: string) {
  const entries = [];
  for (let page = await feed.feed(cursor); page.entries.length; page = await feed.feed(page.cursor))
    entries.push(...page.entries);
  return entries;
}

describe('rate limit on credential endpoints', () => {
  let auth: AuthTestApp;
  let secret: string;

  beforeAll(async () => {
    auth = await createAuthTestApp({ AUTH_RATE_LIMIT: '4' });
    secret = auth.env.GATEWAY_SECRET!;
  });
  afterAll(() => auth.close());

  /** A request the gateway forwards for `client` (the tests play the gateway, signing with its secret). */
  const forwardedFor = (client: string) => ({ [FORWARDED_CLIENT_HEADER]: signForwardedClient(client, secret) });

  it('gives each client one budget across every credential endpoint: 429 with Retry-After past AUTH_RATE_LIMIT per minute', async () => {
    const client = freshClientAddress();
    const headers = forwardedFor(client);
    await auth
      .http()
      .get('/auth/facebook')
      .set(headers)
      .query({ redirect_uri: 'https://elsewhere.example/' })
      .expect(400);
    await auth.http().post('/auth/facebook/token').set(headers).send({ access_token: 'EAA-not-a-token' }).expect(401);
    await auth
      .http()
      .post('/auth/token')
      .set(headers)
      .send({ grant_type: 'refresh_token', refresh_token: 'x' })
      .expect(400);
    await auth.http().post('/auth/logout').set(headers).send({ refresh_token: 'x' }).expect(204);
    const limited = await auth.http().post('/auth/revoke').set(headers).type('form').send({ token: 'x' }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await auth
      .http()
      .get('/auth/facebook')
      .set(headers)
      .query({ redirect_uri: 'https://elsewhere.example/' })
      .expect(429);
    // Another client has a budget of its own; non-credential routes are not limited.
    await auth
      .http()
      .post('/auth/token')
      .set(forwardedFor(freshClientAddress()))
      .send({ grant_type: 'refresh_token', refresh_token: 'x' })
      .expect(400);
    await auth.http().get('/.well-known/jwks.json').set(headers).expect(200);
  });

  (process.env.DATABASE_URL ? it : it.skip)('counts in the database every auth instance shares', async () => {
    const other = await createAuthTestApp({ AUTH_RATE_LIMIT: '4' });
    try {
      const headers = forwardedFor(freshClientAddress());
      const attempt = (app: AuthTestApp) =>
        app.http().post('/auth/token').set(headers).send({ grant_type: 'refresh_token', refresh_token: 'x' });
      for (const app of [auth, other, auth, other]) await attempt(app).expect(400);
      await attempt(auth).expect(429);
      await attempt(other).expect(429);
    } finally {
      await other.close();
    }
  });

  it('keeps the counters out of the write-ahead log: a request never waits for a flush holding its client’s row', async () => {
    const [{ relpersistence }] = await auth.app
      .get(DataSource)
      .query<Array<{ relpersistence: string }>>(
        "SELECT relpersistence FROM pg_class WHERE oid = 'auth.rate_limits'::regclass",
      );
    expect(relpersistence).toBe('u');
  });
});

describe('the client’s address', () => {
  const refreshFrom = (local: string, url: string, headers: Record<string, string> = {}) =>
    httpFrom(local, `${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"grant_type":"refresh_token","refresh_token":"x"}',
    });
  const listening = async (app: AuthTestApp) => {
    await app.app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.app.getHttpServer().address() as { port: number }).port}`;
  };

  it('behind the gateway: never X-Forwarded-For, even with TRUST_PROXY; only the address the gateway signed', async () => {
    const auth = await createAuthTestApp({ AUTH_RATE_LIMIT: '2', TRUST_PROXY: 'true' }, { behindGateway: true });
    try {
      const url = await listening(auth);
      const direct = freshLoopbackAddress();
      // A client reaching the auth port directly cannot buy fresh budgets with forged headers.
      for (const forged of ['198.51.100.1', '198.51.100.2'])
        expect((await refreshFrom(direct, url, { 'x-forwarded-for': forged })).status).toBe(400);
      expect((await refreshFrom(direct, url, { 'x-forwarded-for': '198.51.100.3' })).status).toBe(429);
      const forgedSignature = signForwardedClient('198.51.100.4', 'not-the-gateway-secret-0123456789abcdef');
      expect((await refreshFrom(direct, url, { [FORWARDED_CLIENT_HEADER]: forgedSignature })).status).toBe(429);
      // The gateway's signed address is honoured, from the same socket.
      const signed = signForwardedClient(freshClientAddress(), auth.env.GATEWAY_SECRET!);
      expect((await refreshFrom(direct, url, { [FORWARDED_CLIENT_HEADER]: signed })).status).toBe(400);
    } finally {
      await auth.close();
    }
  });

  it('at the public origin: X-Forwarded-For of one trusted hop with TRUST_PROXY, the socket address without', async () => {
    const trusting = await createAuthTestApp({ AUTH_RATE_LIMIT: '2', TRUST_PROXY: 'true' });
    const direct = await createAuthTestApp({ AUTH_RATE_LIMIT: '2' });
    try {
      const proxy = freshLoopbackAddress();
      const behind = await listening(trusting);
      const client = freshClientAddress();
      for (let i = 0; i < 2; i++)
        expect((await refreshFrom(proxy, behind, { 'x-forwarded-for': client })).status).toBe(400);
      expect((await refreshFrom(proxy, behind, { 'x-forwarded-for': client })).status).toBe(429);
      // Another client behind the same proxy has its own budget.
      expect((await refreshFrom(proxy, behind, { 'x-forwarded-for': freshClientAddress() })).status).toBe(400);

      const exposed = await listening(direct);
      const caller = freshLoopbackAddress();
      for (const forged of ['198.51.100.1', '198.51.100.2'])
        expect((await refreshFrom(caller, exposed, { 'x-forwarded-for': forged })).status).toBe(400);
      expect((await refreshFrom(caller, exposed, { 'x-forwarded-for': '198.51.100.3' })).status).toBe(429);
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});

describe.each(['RS256', 'ES256', 'EdDSA'] as const)('signing with %s and rotating keys', (alg) => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp({ JWT_ALG: alg });
  });
  afterAll(() => auth.close());

  it('pins the algorithm and keeps tokens of the old key valid through a rotation', async () => {
    // The rotation happens KEY_ACTIVATION_SECONDS in the past, so the new key signs by the real
    // time the guards verify with.
    auth.clock.advance(-KEY_ACTIVATION_SECONDS);
    const before = await auth.login();
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    expect(decodeProtectedHeader(before.access_token).alg).toBe(alg);

    const { kid: newKid } = await auth.app.get(SigningKeyService).rotate();
    expect(newKid).not.toBe(oldKid);
    // Published at once, signing only once every auth instance has had time to publish it too.
    const jwks = (await auth.http().get('/.well-known/jwks.json').expect(200)).body;
    expect(jwks.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    expect(decodeProtectedHeader((await auth.login()).access_token).kid).toBe(oldKid);
    auth.clock.advance(KEY_ACTIVATION_SECONDS);
    const after = await auth.login();
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    const keySet = createLocalJWKSet(jwks);
    for (const token of [before.access_token, after.access_token]) {
      await jwtVerify(token, keySet, {
        algorithms: [alg],
        issuer: auth.env.JWT_ISSUER,
        audience: 'auth',
        typ: 'at+jwt',
      });
      await auth.http().get('/auth/me').auth(token, { type: 'bearer' }).expect(200);
    }

    // Once every token of the old key has expired, it leaves the JWKS.
    auth.clock.advance(auth.env.feature(AccessTokensConfig).ACCESS_TOKEN_TTL + 120);
    const later = (await auth.http().get('/.well-known/jwks.json').expect(200)).body;
    expect(later.keys.map((k: { kid: string }) => k.kid)).toEqual([newKid]);
    auth.clock.advance(-(auth.env.feature(AccessTokensConfig).ACCESS_TOKEN_TTL + 120));
  });
});
