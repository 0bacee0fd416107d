import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';
import { wallClockMs } from '@app/common';
import { AccountService } from '../apps/auth/src/accounts/account.service';
import { AuditEvent } from '../apps/auth/src/audit/audit-event.entity';
import { SessionService } from '../apps/auth/src/sessions/session.service';
import { sha256Hex } from '../apps/auth/src/tokens/token-hash';
import { type AuthTestApp, createAuthTestApp } from './support/auth-test-app';

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

  it('answers the token endpoint with Cache-Control: no-store', async () => {
    const tokens = await auth.login();
    const response = await auth.refresh(tokens.refresh_token).expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
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
    expect(decodeJwt(refreshed.access_token)).toMatchObject({ sub: tokens.account_id, sid: tokens.session_id, roles: ['admin', 'auditor', 'user'] });
  });

  it('refuses, and leaves untouched, a live refresh token whose session ended or whose account is banned', async () => {
    const db = auth.app.get(DataSource);
    const unused = async (token: string) =>
      (await db.query('SELECT used_at FROM auth.refresh_tokens WHERE token_hash = $1', [sha256Hex(token)]))[0].used_at === null;
    // Rows as a logout racing a rotation can leave them: the session ended, its newest token not marked.
    const ended = await auth.login();
    await db.query('UPDATE auth.sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1', [ended.session_id, 'logout']);
    expect((await auth.refresh(ended.refresh_token).expect(400)).body).toEqual({ error: 'invalid_grant', error_description: 'the session has ended' });
    expect(await unused(ended.refresh_token)).toBe(true);

    const banned = await auth.login();
    await db.query('UPDATE auth.accounts SET banned_at = now() WHERE id = $1', [banned.account_id]);
    expect((await auth.refresh(banned.refresh_token).expect(400)).body).toEqual({ error: 'invalid_grant', error_description: 'the account is suspended' });
    expect(await unused(banned.refresh_token)).toBe(true);
    await db.query('UPDATE auth.accounts SET banned_at = NULL WHERE id = $1', [banned.account_id]);
    // Nothing was consumed: once the account is cleared, the same token still rotates.
    await auth.refresh(banned.refresh_token).expect(200);
    const refreshes = await db.getRepository(AuditEvent).findBy({ sessionId: ended.session_id, type: 'refresh' });
    expect(refreshes).toHaveLength(0);
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const tokens = await auth.login();
    const rows: Array<{ token_hash: string }> = await auth.app.get(DataSource).query(
      'SELECT token_hash FROM auth.refresh_tokens WHERE session_id = $1',
      [tokens.session_id],
    );
    expect(rows).toEqual([{ token_hash: sha256Hex(tokens.refresh_token) }]);
  });

  it('revokes the whole family when a rotated token is used again, and audits it', async () => {
    const first = await auth.login();
    const second = (await auth.refresh(first.refresh_token).expect(200)).body;
    const replay = await auth.refresh(first.refresh_token).expect(400);
    expect(replay.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/) });
    // The thief's replay also ends the legitimate holder's session.
    await auth.refresh(second.refresh_token).expect(400);
    await auth.http().get('/auth/me').auth(second.access_token, { type: 'bearer' }).expect(401);
    const events = await auth.app.get(DataSource).getRepository(AuditEvent).findBy({ sessionId: first.session_id, type: 'refresh_reuse_detected' });
    expect(events).toHaveLength(1);
  });

  it('lets exactly one of ten concurrent refreshes with one token win', async () => {
    const tokens = await auth.login();
    const responses = await Promise.all(Array.from({ length: 10 }, () => auth.refresh(tokens.refresh_token)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(400);
      expect(loser.body.error).toBe('invalid_grant');
    }
    const children: Array<{ count: number }> = await auth.app.get(DataSource).query(
      `SELECT count(*)::int AS count FROM auth.refresh_tokens c
        JOIN auth.refresh_tokens p ON c.parent_id = p.id WHERE p.token_hash = $1`,
      [sha256Hex(tokens.refresh_token)],
    );
    expect(children[0].count).toBe(1);
  });

  it('does not revoke the session for a request that raced the winning rotation', async () => {
    const tokens = await auth.login();
    const sessions = auth.app.get(SessionService);
    // Both requests arrived before either was handled, as two browser tabs refreshing at once.
    const arrivedTogether = { ip: '127.0.0.1', userAgent: 'test', receivedAt: wallClockMs() };
    const outcomes = await Promise.allSettled([
      sessions.rotate(tokens.refresh_token, arrivedTogether),
      sessions.rotate(tokens.refresh_token, arrivedTogether),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost[0].reason.getResponse()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/concurrent/) });
    const { refreshToken } = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
    await auth.refresh(refreshToken).expect(200);
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

describe('retrying after a lost answer (REFRESH_RETRY_WINDOW)', () => {
  let auth: AuthTestApp;

  beforeAll(async () => {
    auth = await createAuthTestApp({ REFRESH_RETRY_WINDOW: '30' });
  });
  afterAll(() => auth.close());

  it('lets a client whose answer was lost retry with the token it still holds, once', async () => {
    const { refresh_token: first } = await auth.login();
    await auth.refresh(first).expect(200); // this answer never reaches the client
    const retried = (await auth.refresh(first).expect(200)).body;
    // The client carries on from the retry's answer.
    const next = (await auth.refresh(retried.refresh_token).expect(200)).body;
    await auth.http().get('/auth/me').auth(next.access_token, { type: 'bearer' }).expect(200);
    // Once the successor has been used, the original token is a replay: the family ends.
    await auth.refresh(first).expect(400);
    await auth.refresh(next.refresh_token).expect(400);
  });

  it('still catches a thief who replays inside the window: the genuine client’s next refresh ends the family', async () => {
    const { refresh_token: first } = await auth.login();
    const genuine = (await auth.refresh(first).expect(200)).body; // the genuine client holds this one
    const thief = (await auth.refresh(first).expect(200)).body; // a replay inside the window
    expect((await auth.refresh(genuine.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    await auth.refresh(thief.refresh_token).expect(400);
  });
});
