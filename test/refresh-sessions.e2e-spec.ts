import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';
import { AccountService, AuditEvent, sha256Hex, SessionsConfig } from '../apps/auth/src';

describe('access tokens and refresh sessions', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp({ MAX_SESSIONS_PER_ACCOUNT: '3' });
  });
  afterAll(() => auth.close());

  it('issues an RS256 at+jwt with the contract claims, verifiable with the published JWKS', async () => {
    const tokens = await auth.login({ name: 'Ada' });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{43,}$/);

    const jwks = (await auth.http().get('/.well-known/jwks.json').expect(200)).body;
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    const { payload } = await jwtVerify(tokens.access_token, createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
      issuer: auth.env.JWT_ISSUER,
      audience: 'orders',
      typ: 'at+jwt',
    });
    expect(payload).toMatchObject({ sub: tokens.account_id, sid: tokens.session_id, roles: ['user'] });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(JSON.stringify(payload)).not.toContain(tokens.refresh_token);
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('answers the token endpoint with Cache-Control: no-store and no validator', async () => {
    const tokens = await auth.login();
    const response = await auth.refresh(tokens.refresh_token).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeUndefined();
    const refused = await auth.refresh('not-a-token').expect(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('rotates the refresh token on every use', async () => {
    const first = await auth.login();
    const second = (await auth.refresh(first.refresh_token).expect(200)).body;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = (await auth.refresh(second.refresh_token).expect(200)).body;
    expect(third.refresh_token).not.toBe(second.refresh_token);
    await auth.http().get('/auth/me').auth(third.access_token, { type: 'bearer' }).expect(200);
  });

  it('puts the account’s current roles, read at the rotation, into the refreshed access token', async () => {
    const tokens = await auth.login();
    await auth.app.get(AccountService).setRoles(tokens.account_id, ['admin', 'auditor']);
    const refreshed = (await auth.refresh(tokens.refresh_token).expect(200)).body;
    expect(decodeJwt(refreshed.access_token)).toMatchObject({
      sub: tokens.account_id,
      sid: tokens.session_id,
      roles: ['admin', 'auditor', 'user'],
    });
  });

  it('refuses, and leaves untouched, a live refresh token whose session ended or whose account is banned', async () => {
    const db = auth.app.get(DataSource);
    const unused = async (token: string) =>
      (await db.query('SELECT used_at FROM auth.refresh_tokens WHERE token_hash = $1', [sha256Hex(token)]))[0]
        .used_at === null;
    // Rows as a logout racing a rotation can leave them: the session ended, its newest token not marked.
    const ended = await auth.login();
    await db.query('UPDATE auth.sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1', [
      ended.session_id,
      'logout',
    ]);
    expect((await auth.refresh(ended.refresh_token).expect(400)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the session has ended',
    });
    expect(await unused(ended.refresh_token)).toBe(true);

    const banned = await auth.login();
    await db.query('UPDATE auth.accounts SET banned_at = now() WHERE id = $1', [banned.account_id]);
    expect((await auth.refresh(banned.refresh_token).expect(400)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'the account is suspended',
    });
    expect(await unused(banned.refresh_token)).toBe(true);
    await db.query('UPDATE auth.accounts SET banned_at = NULL WHERE id = $1', [banned.account_id]);
    // Nothing was consumed: once the account is cleared, the same token still rotates.
    await auth.refresh(banned.refresh_token).expect(200);
    const refreshes = await db.getRepository(AuditEvent).findBy({ sessionId: ended.session_id, type: 'refresh' });
    expect(refreshes).toHaveLength(0);
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const tokens = await auth.login();
    const rows: Array<{ token_hash: string }> = await auth.app
      .get(DataSource)
      .query('SELECT token_hash FROM auth.refresh_tokens WHERE session_id = $1', [tokens.session_id]);
    expect(rows).toEqual([{ token_hash: sha256Hex(tokens.refresh_token) }]);
  });

  it('gives each of twenty concurrent refreshes with one token a working pair of the same session, and revokes nothing', async () => {
    const tokens = await auth.login();
    const responses = await Promise.all(Array.from({ length: 20 }, () => auth.refresh(tokens.refresh_token)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const pairs = responses.map((r) => r.body as { access_token: string; refresh_token: string });
    expect(new Set(pairs.map((p) => p.refresh_token)).size).toBe(20);
    for (const pair of pairs) expect(decodeJwt(pair.access_token).sid).toBe(tokens.session_id);
    // Every successor handed out rotates, and every access token still works, the winner's included.
    for (const pair of pairs) {
      const next = (await auth.refresh(pair.refresh_token).expect(200)).body;
      await auth.http().get('/auth/me').auth(next.access_token, { type: 'bearer' }).expect(200);
      await auth.http().get('/auth/me').auth(pair.access_token, { type: 'bearer' }).expect(200);
    }
    const ended = await auth.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findBy({ sessionId: tokens.session_id, type: 'refresh_reuse_detected' });
    expect(ended).toHaveLength(0);
  });

  it('keeps at most MAX_SESSIONS_PER_ACCOUNT live sessions, evicting the oldest', async () => {
    const userId = `cap-${Date.now()}`;
    const sessions = [];
    for (let i = 0; i < 4; i++) sessions.push(await auth.login({ userId }));
    await auth.refresh(sessions[0].refresh_token).expect(400);
    for (const kept of sessions.slice(1)) await auth.refresh(kept.refresh_token).expect(200);
    const latest = (await auth.login({ userId })).access_token;
    const listed = (await auth.http().get('/auth/sessions').auth(latest, { type: 'bearer' }).expect(200)).body;
    expect(listed).toHaveLength(3);
  });
});

describe('refresh expiry (controlled clock)', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp({ REFRESH_TOKEN_TTL: '3600', REFRESH_TOKEN_MAX_AGE: '12000' });
  });
  afterAll(() => auth.close());

  it('expires a refresh token left idle longer than REFRESH_TOKEN_TTL', async () => {
    const tokens = await auth.login();
    auth.clock.advance(3601);
    const response = await auth.refresh(tokens.refresh_token).expect(400);
    expect(response.body.error).toBe('invalid_grant');
  });

  it('slides the idle expiry on each use, up to REFRESH_TOKEN_MAX_AGE', async () => {
    let tokens = await auth.login();
    // Refreshing every 3500 s keeps a 3600 s idle limit alive: 3500, 7000, 10500, 11900 s.
    for (const step of [3500, 3500, 3500, 1400]) {
      auth.clock.advance(step);
      tokens = (await auth.refresh(tokens.refresh_token).expect(200)).body;
    }
    // 200 s later the idle limit is far off, but the session is 12100 s old: past the absolute 12000 s.
    auth.clock.advance(200);
    const response = await auth.refresh(tokens.refresh_token).expect(400);
    expect(response.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  });
});

describe('presenting a rotated token again (REFRESH_REUSE_INTERVAL)', () => {
  let auth: AuthTestApp;
  let short: AuthTestApp;
  let strict: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp();
    short = await createAuthTestApp({ REFRESH_REUSE_INTERVAL: '1' });
    strict = await createAuthTestApp({ REFRESH_REUSE_INTERVAL: '0' });
  });
  afterAll(async () => {
    await auth.close();
    await short.close();
    await strict.close();
  });

  it('lets a client whose answer was lost retry with the token it still holds', async () => {
    const { refresh_token: first, session_id: sessionId } = await auth.login();
    const lost = (await auth.refresh(first).expect(200)).body; // this answer never reaches the client
    const retried = (await auth.refresh(first).expect(200)).body;
    // The client carries on from the retry's answer; the lost successor stays valid too.
    const next = (await auth.refresh(retried.refresh_token).expect(200)).body;
    await auth.http().get('/auth/me').auth(next.access_token, { type: 'bearer' }).expect(200);
    expect(decodeJwt(next.access_token).sid).toBe(sessionId);
    await auth.refresh(lost.refresh_token).expect(200);
  });

  it('accepts the reuse for 10 s by default, measured from the first use, and revokes the family after', async () => {
    expect(auth.env.feature(SessionsConfig).REFRESH_REUSE_INTERVAL).toBe(10);
    const { refresh_token: first } = await auth.login();
    await auth.refresh(first).expect(200);
    auth.clock.advance(9);
    const reused = (await auth.refresh(first).expect(200)).body;
    // The reuse did not restart the interval: 11 s after the first use the token is a replay.
    auth.clock.advance(2);
    expect((await auth.refresh(first).expect(400)).body.error_description).toMatch(
      /already used; the session has been revoked/,
    );
    await auth.refresh(reused.refresh_token).expect(400);
  });

  it('after the interval, a replay revokes the whole family at once, its access tokens too, and is audited', async () => {
    const first = await short.login();
    const second = (await short.refresh(first.refresh_token).expect(200)).body;
    await new Promise((r) => setTimeout(r, 1100));
    const replay = await short.refresh(first.refresh_token).expect(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/) });
    // The thief's replay also ends the legitimate holder's session.
    await short.http().get('/auth/me').auth(second.access_token, { type: 'bearer' }).expect(401);
    await short.refresh(second.refresh_token).expect(400);
    const events = await short.app
      .get(DataSource)
      .getRepository(AuditEvent)
      .findBy({ sessionId: first.session_id, type: 'refresh_reuse_detected' });
    expect(events).toHaveLength(1);
  });

  it('with REFRESH_REUSE_INTERVAL=0, revokes the family on any second use', async () => {
    const { refresh_token: first } = await strict.login();
    const genuine = (await strict.refresh(first).expect(200)).body;
    expect((await strict.refresh(first).expect(400)).body.error_description).toMatch(
      /already used; the session has been revoked/,
    );
    await strict.refresh(genuine.refresh_token).expect(400);
  });
});

describe('the audiences of access tokens (TOKEN_AUDIENCES)', () => {
  it('names the configured services, so a new service needs configuration, not code', async () => {
    const auth = await createAuthTestApp({ TOKEN_AUDIENCES: 'gateway,auth,payments' });
    try {
      const tokens = await auth.login();
      expect(decodeJwt(tokens.access_token).aud).toEqual(['gateway', 'auth', 'payments']);
      await auth.http().get('/auth/me').auth(tokens.access_token, { type: 'bearer' }).expect(200);
    } finally {
      await auth.close();
    }
  });
});
