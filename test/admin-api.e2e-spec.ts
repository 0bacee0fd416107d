import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { LoginTokens } from './support/auth-test-app';
import { type Mode, type Platform, startPlatform } from './support/platform';
import { statusWithin } from './support/status-within';

interface AuditEvent {
  id: string;
  type: string;
  accountId: string | null;
  sessionId: string | null;
  detail: Record<string, unknown>;
  at: string;
}

// The routes the admin console is built on: find an account, read the audit log a page at a
// time, see and end someone's sessions. Admin only, through the public origin, both deployments.
describe.each(['monolith', 'split'] as Mode[])('the admin API (%s)', (mode) => {
  let platform: Platform;
  let admin: LoginTokens;

  beforeAll(async () => {
    platform = await startPlatform(mode);
    admin = await platform.login({ roles: ['admin'], name: 'Admin' });
  });
  afterAll(() => platform.close());

  const get = (path: string, tokens: LoginTokens | null = admin) => {
    const call = platform.http().get(path);
    return tokens ? call.auth(tokens.access_token, { type: 'bearer' }) : call;
  };
  const send = (method: 'post' | 'delete', path: string, body?: object, tokens: LoginTokens = admin) =>
    platform.http()[method](path).auth(tokens.access_token, { type: 'bearer' }).send(body);
  const search = async (query: string) =>
    (await get(`/api/admin/accounts?${new URLSearchParams({ query })}`).expect(200)).body as Array<{
      id: string;
      name: string;
      providers: string[];
      banned: boolean;
    }>;
  const audit = async (query: Record<string, string>) =>
    (await get(`/api/admin/audit?${new URLSearchParams(query)}`).expect(200)).body as {
      events: AuditEvent[];
      next: string | null;
    };

  describe('finding an account', () => {
    it('by its id, by a provider’s user id, and by part of its name whatever the case', async () => {
      const tag = randomUUID().slice(0, 8);
      const providerUserId = `fb-${randomUUID()}`;
      const user = await platform.login({ userId: providerUserId, name: `Zed Quux-${tag}` });
      const other = await platform.login({ name: `Zed Other-${tag}` });

      expect((await search(user.account_id)).map((a) => a.id)).toEqual([user.account_id]);
      expect((await search(providerUserId)).map((a) => a.id)).toEqual([user.account_id]);
      expect((await search(`quux-${tag.toUpperCase()}`)).map((a) => a.id)).toEqual([user.account_id]);
      const both = await search(`-${tag}`);
      expect(both.map((a) => a.id).sort()).toEqual([user.account_id, other.account_id].sort());
      expect(both.find((a) => a.id === user.account_id)).toMatchObject({
        name: `Zed Quux-${tag}`,
        providers: ['test'],
        banned: false,
      });
    });

    it('takes % and _ literally, not as patterns', async () => {
      const tag = randomUUID().slice(0, 8);
      const percent = await platform.login({ name: `Pct 100% done-${tag}` });
      await platform.login({ name: `Pct 100x done-${tag}` });
      expect((await search(`100% done-${tag}`)).map((a) => a.id)).toEqual([percent.account_id]);
      expect(await search(`100_ done-${tag}`)).toEqual([]);
      expect(await search(`Pct%done-${tag}`)).toEqual([]);
    });

    it.each([
      ['no query', ''],
      ['an empty query', '?query='],
      ['a control character', `?query=${encodeURIComponent('a\u0000b')}`],
      ['a query over 200 characters', `?query=${'a'.repeat(201)}`],
      ['an unknown parameter', '?query=a&sort=name'],
    ])('answers 400 for %s', async (_, query) => {
      await get(`/api/admin/accounts${query}`).expect(400);
    });

    it('is for admins only', async () => {
      await get('/api/admin/accounts?query=a', null).expect(401);
      await get('/api/admin/accounts?query=a', await platform.login()).expect(403);
    });
  });

  describe('the audit log', () => {
    it('pages through one account’s events newest first, each once, with who did what', async () => {
      const user = await platform.login();
      await platform.login({ userId: undefined }); // someone else's events must not show
      await send('post', `/api/admin/accounts/${user.account_id}/ban`, { reason: 'spam' }).expect(200);
      await send('post', `/api/admin/accounts/${user.account_id}/unban`).expect(200);
      await send('post', `/api/admin/accounts/${user.account_id}/ban`, { reason: 'again' }).expect(200);

      const seen: AuditEvent[] = [];
      let before: string | null = '';
      do {
        const page = await audit({ account: user.account_id, limit: '2', ...(before ? { before } : {}) });
        expect(page.events.length).toBeLessThanOrEqual(2);
        seen.push(...page.events);
        before = page.next;
      } while (before);
      expect(seen.map((event) => event.type)).toEqual(['ban', 'unban', 'ban', 'login_succeeded']);
      expect(new Set(seen.map((event) => event.id)).size).toBe(seen.length);
      expect(seen.every((event) => event.accountId === user.account_id)).toBe(true);
      expect(seen[0].detail).toMatchObject({ reason: 'again', by: admin.account_id });
      expect(seen[1].detail).toMatchObject({ by: admin.account_id });
      expect(JSON.stringify(seen)).not.toContain(user.access_token);
      expect(JSON.stringify(seen)).not.toContain(user.refresh_token);
    });

    it('filters by type, and the last page says there is no next', async () => {
      const user = await platform.login();
      await send('post', `/api/admin/accounts/${user.account_id}/ban`, { reason: 'filtered' }).expect(200);
      const bans = await audit({ type: 'ban', limit: '100' });
      expect(bans.events.length).toBeGreaterThan(0);
      expect(bans.events.every((event) => event.type === 'ban')).toBe(true);
      expect(bans.events.find((event) => event.accountId === user.account_id)?.detail).toMatchObject({
        reason: 'filtered',
      });
      const only = await audit({ account: user.account_id, type: 'login_succeeded' });
      expect(only).toEqual({ events: [expect.objectContaining({ type: 'login_succeeded' })], next: null });
    });

    it.each([
      ['an unknown type', { type: 'coffee' }],
      ['an account that is not an id', { account: 'alice' }],
      ['a cursor that is not one', { before: 'yesterday' }],
      ['a limit of 0', { limit: '0' }],
      ['a limit over 100', { limit: '101' }],
      ['a limit that is not a number', { limit: 'ten' }],
    ])('answers 400 for %s', async (_, query) => {
      await get(`/api/admin/audit?${new URLSearchParams(query as Record<string, string>)}`).expect(400);
    });

    it('is for admins only', async () => {
      await get('/api/admin/audit', null).expect(401);
      await get('/api/admin/audit', await platform.login()).expect(403);
    });
  });

  describe('someone’s sessions', () => {
    const ordersStatus = async (tokens: LoginTokens) =>
      (await platform.http().get('/api/orders').auth(tokens.access_token, { type: 'bearer' })).status;
    const refreshStatus = async (tokens: LoginTokens) =>
      (
        await platform
          .http()
          .post('/auth/token')
          .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
      ).status;

    it('lists them (never a token) and ends one: its tokens are refused within 2 s, the other session goes on', async () => {
      const userId = `two-devices-${randomUUID()}`;
      const laptop = await platform.login({ userId });
      const phone = await platform.login({ userId });
      expect(phone.account_id).toBe(laptop.account_id);
      const account = laptop.account_id;

      const listed = (await get(`/api/admin/accounts/${account}/sessions`).expect(200)).body as Array<{ id: string }>;
      expect(listed.map((session) => session.id).sort()).toEqual([laptop.session_id, phone.session_id].sort());
      expect(JSON.stringify(listed)).not.toMatch(new RegExp(`${laptop.refresh_token}|${laptop.access_token}`));

      await send('delete', `/api/admin/accounts/${account}/sessions/${laptop.session_id}`).expect(204);
      expect(await statusWithin(2000, 401, () => ordersStatus(laptop))).toBe(401);
      expect(await refreshStatus(laptop)).toBe(400);
      expect(await ordersStatus(phone)).toBe(200);
      expect(
        ((await get(`/api/admin/accounts/${account}/sessions`).expect(200)).body as Array<{ id: string }>).map(
          (session) => session.id,
        ),
      ).toEqual([phone.session_id]);
      const [ended] = (await audit({ account, type: 'session_revoked' })).events;
      expect(ended).toMatchObject({ sessionId: laptop.session_id, detail: { by: admin.account_id } });

      // Already ended, or another account's: nothing of this account's to end.
      await send('delete', `/api/admin/accounts/${account}/sessions/${laptop.session_id}`).expect(404);
      await send('delete', `/api/admin/accounts/${account}/sessions/${admin.session_id}`).expect(404);
      expect(await ordersStatus(admin)).toBe(200);
    });

    it('ends them all; the account may sign in again (unlike a ban)', async () => {
      const userId = `all-devices-${randomUUID()}`;
      const first = await platform.login({ userId });
      const second = await platform.login({ userId });
      await send('delete', `/api/admin/accounts/${first.account_id}/sessions`).expect(204);
      for (const tokens of [first, second]) {
        expect(await statusWithin(2000, 401, () => ordersStatus(tokens))).toBe(401);
        expect(await refreshStatus(tokens)).toBe(400);
      }
      expect((await get(`/api/admin/accounts/${first.account_id}/sessions`).expect(200)).body).toEqual([]);
      const again = await platform.login({ userId });
      expect(await ordersStatus(again)).toBe(200);
    });

    it('answers 404 for an unknown account, 400 for ids that are not ids, 403 to non-admins', async () => {
      await get(`/api/admin/accounts/${randomUUID()}/sessions`).expect(404);
      await send('delete', `/api/admin/accounts/${randomUUID()}/sessions`).expect(404);
      await get('/api/admin/accounts/me/sessions').expect(400);
      await send('delete', `/api/admin/accounts/${randomUUID()}/sessions/not-an-id`).expect(400);
      const user = await platform.login();
      await get(`/api/admin/accounts/${user.account_id}/sessions`, user).expect(403);
      await send('delete', `/api/admin/accounts/${user.account_id}/sessions`, undefined, user).expect(403);
      expect(await ordersStatus(user)).toBe(200);
    });
  });
});
