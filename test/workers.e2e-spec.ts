import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import { type AppProcess, spawnApp, waitForStatus } from './support/app-process';
import { facebookEnvironment, pkce, SPA_CALLBACK, startFacebook } from './support/facebook-fixture';
import { freePort } from './support/free-port';
import { googleEnvironment, startGoogle } from './support/google-fixture';
import { freshLoopbackAddress, httpFrom, type PlainResponse } from './support/http-from';
import { decideAtProvider } from './support/provider-login';
import { statusWithin } from './support/status-within';

const databaseUrl = process.env.DATABASE_URL;
const describeWithServer = databaseUrl ? describe : describe.skip;
const RATE_LIMIT = 6;

interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** Facebook's Graph API behind a switch that holds each call for `delayMs` (a slow provider mid-request). */
async function delayingProxy(target: string): Promise<{ url: string; delayMs: number; server: Server }> {
  const proxy = { url: '', delayMs: 0, server: undefined as unknown as Server };
  proxy.server = createServer((incoming, outgoing) => {
    setTimeout(() => {
      const forwarded = request(
        `${target}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers, agent: false },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(forwarded);
    }, proxy.delayMs);
  });
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  return proxy;
}

// The compiled monolith as an operator runs it on a machine with PostgreSQL and real providers
// (here emulators on their own ports): WORKERS=2, one public port. Every request below opens its
// own connection, so consecutive requests land on alternating workers.
describeWithServer('the monolith with WORKERS=2', () => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let graph: Awaited<ReturnType<typeof delayingProxy>>;
  let closeGoogle: () => Promise<void>;
  let monolith: AppProcess;
  let origin: string;
  let metricsUrl: string;
  let dir: string;
  let adminId: string;
  /** Facebook logins that succeeded, as the metrics must count them. */
  let facebookLogins = 0;

  const call = (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; cookie?: string; from?: string } = {},
  ): Promise<PlainResponse> =>
    httpFrom(options.from ?? freshLoopbackAddress(), `${origin}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  const workers = (): number[] => {
    try {
      return execFileSync('pgrep', ['-P', String(monolith.child.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const sdkLogin = async (facebookUserId: string): Promise<Tokens> => {
    const response = await call('POST', '/auth/facebook/token', {
      body: { access_token: facebook.issueUserToken(ours.appId, facebookUserId) },
    });
    expect(response.status).toBe(200);
    facebookLogins++;
    return JSON.parse(response.body) as Tokens;
  };
  /** The redirect flow with PKCE, each step on a connection of its own. */
  const redirectLogin = async (facebookUserId: string): Promise<Tokens> => {
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      redirect_uri: SPA_CALLBACK,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const started = await call('GET', `/auth/facebook?${query}`);
    expect(started.status).toBe(302);
    const cookie = ([started.headers['set-cookie'] ?? []].flat() as string[])
      .map((line) => line.split(';')[0])
      .join('; ');
    const callback = await decideAtProvider(new URL(String(started.headers.location)), { user_id: facebookUserId });
    const back = await call('GET', `${callback.pathname}${callback.search}`, { cookie });
    expect(back.status).toBe(302);
    const code = new URL(String(back.headers.location)).searchParams.get('code');
    expect(code).toBeTruthy();
    const redeemed = await call('POST', '/auth/token', {
      cookie,
      body: { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: SPA_CALLBACK },
    });
    expect(redeemed.status).toBe(200);
    facebookLogins++;
    return JSON.parse(redeemed.body) as Tokens;
  };
  // Each call comes from an address of its own, so only the rate-limit test meets the limit.
  /** Statuses of `rounds` calls with `token`, each on its own connection (every worker answers some). */
  const everyWorker = async (token: string, rounds = 6): Promise<number[]> => {
    const statuses: number[] = [];
    for (let i = 0; i < rounds; i++) statuses.push((await call('GET', '/api/orders', { token })).status);
    return statuses;
  };
  const refusedEverywhereWithin = (ms: number, token: string): Promise<number> =>
    statusWithin(ms, 401, async () => ((await everyWorker(token, 4)).every((status) => status === 401) ? 401 : 200));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workers-'));
    const fb = await startFacebook();
    ({ facebook, ours } = fb);
    graph = await delayingProxy(fb.url);
    const google = await startGoogle();
    closeGoogle = () => google.google.close();
    adminId = facebook.addUser('Ada Operator', 'ada.operator@example.test').id;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    monolith = spawnApp('monolith', {
      ...facebookEnvironment(graph.url, ours),
      FACEBOOK_DIALOG_URL: `${fb.url}/dialog/oauth`,
      ...googleEnvironment(google.issuer, google.ours),
      ADMIN_FACEBOOK_IDS: adminId,
      DATABASE_URL: databaseUrl!,
      WORKERS: '2',
      PORT: String(port),
      PUBLIC_URL: origin,
      METRICS_PORT: String(metricsPort),
      JWT_KEYS_DIR: join(dir, 'keys'),
      AUTH_RATE_LIMIT: String(RATE_LIMIT),
      REFRESH_REUSE_INTERVAL: '1',
      // The primary's line saying every worker serves, again after a replacement.
      LOG_LEVEL: 'info',
    });
    await waitForStatus(`${origin}/health`, 200, monolith, 60_000);
    // /health answers once the first worker listens; the second follows.
    const deadline = Date.now() + 30_000;
    while (workers().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  }, 120_000);

  afterAll(async () => {
    if (monolith?.child.exitCode === null) await monolith.stop('SIGKILL');
    await facebook?.close();
    await closeGoogle?.();
    graph?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs two workers, both answering on the one public port', async () => {
    expect(workers()).toHaveLength(2);
    const { access_token } = await sdkLogin(facebook.addUser('Wendy Worker').id);
    expect(await everyWorker(access_token)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('finishes a redirect login at whichever worker the browser reaches: the login-state cookie verifies at both', async () => {
    const person = facebook.addUser('Rita Redirect').id;
    for (let i = 0; i < 4; i++) {
      const { access_token } = await redirectLogin(person);
      expect(decodeJwt(access_token).sub).toBeTruthy();
      expect(await everyWorker(access_token, 2)).toEqual([200, 200]);
    }
  });

  it('detects a replayed refresh token at any worker, and the session it ends is refused at every worker within 2 s', async () => {
    const first = await sdkLogin(facebook.addUser('Rory Rotate').id);
    const rotated = await call('POST', '/auth/token', {
      body: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    expect(rotated.status).toBe(200);
    const second = JSON.parse(rotated.body) as Tokens;
    expect(await everyWorker(second.access_token, 2)).toEqual([200, 200]);
    // Past the reuse interval a replay of the first token is theft: the whole session ends.
    await new Promise((r) => setTimeout(r, 1100));
    const replayed = await call('POST', '/auth/token', {
      body: { grant_type: 'refresh_token', refresh_token: first.refresh_token },
    });
    expect([replayed.status, JSON.parse(replayed.body).error]).toEqual([400, 'invalid_grant']);
    const successor = await call('POST', '/auth/token', {
      body: { grant_type: 'refresh_token', refresh_token: second.refresh_token },
    });
    expect([successor.status, JSON.parse(successor.body).error]).toEqual([400, 'invalid_grant']);
    expect(await refusedEverywhereWithin(2000, second.access_token)).toBe(401);
  });

  it("refuses a banned person's access token at every worker within 2 s of the ban", async () => {
    const admin = await sdkLogin(adminId);
    const user = await sdkLogin(facebook.addUser('Bart Banned').id);
    expect(await everyWorker(user.access_token)).toEqual([200, 200, 200, 200, 200, 200]);
    const banned = await call('POST', `/api/admin/accounts/${decodeJwt(user.access_token).sub}/ban`, {
      token: admin.access_token,
      body: { reason: 'abuse' },
    });
    expect(banned.status).toBe(200);
    expect(await refusedEverywhereWithin(2000, user.access_token)).toBe(401);
    const refreshed = await call('POST', '/auth/token', {
      body: { grant_type: 'refresh_token', refresh_token: user.refresh_token },
    });
    expect([refreshed.status, JSON.parse(refreshed.body).error]).toEqual([400, 'invalid_grant']);
  });

  it('counts one credential budget per client across both workers (AUTH_RATE_LIMIT, not twice it)', async () => {
    const from = freshLoopbackAddress();
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      const response = await call('POST', '/auth/token', {
        from,
        body: { grant_type: 'refresh_token', refresh_token: `not-a-token-${i}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, RATE_LIMIT).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429]);
  });

  it('serves the metrics of both workers in one scrape on METRICS_PORT', async () => {
    const text = await (await fetch(metricsUrl)).text();
    const logins = /^auth_logins_total\{provider="facebook",outcome="success",app="monolith"\} (\d+)$/m.exec(text);
    expect(Number(logins?.[1])).toBe(facebookLogins);
    expect(text).toMatch(/^auth_rate_limit_refusals_total\{app="monolith"\} 2$/m);
  });

  it('replaces a worker that dies; the other serves meanwhile', async () => {
    const { access_token } = await sdkLogin(facebook.addUser('Kim Killed').id);
    const [victim, survivor] = workers();
    process.kill(victim, 'SIGKILL');
    // A connection the primary hands to a worker at the instant it is killed dies with it (node:cluster);
    // once the primary has seen the death it routes every connection to the workers alive.
    const deadline = Date.now() + 10_000;
    while (workers().includes(victim) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const [replacement] = workers().filter((pid) => pid !== survivor);
    expect(replacement).toBeDefined();
    expect(replacement).not.toBe(victim);
    // The replacement takes a second or two to start: these are the survivor's.
    expect(await everyWorker(access_token, 4)).toEqual([200, 200, 200, 200]);
    const readyLines = () => monolith.output().split('running 2 workers').length - 1;
    while (readyLines() < 2 && Date.now() < deadline + 20_000) await new Promise((r) => setTimeout(r, 100));
    expect(readyLines()).toBe(2);
    expect(workers().sort()).toEqual([survivor, replacement].sort());
    expect(await everyWorker(access_token)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('on SIGTERM finishes a login in flight, then stops', async () => {
    graph.delayMs = 750;
    const person = facebook.addUser('Sam Slow').id;
    const inFlight = call('POST', '/auth/facebook/token', {
      body: { access_token: facebook.issueUserToken(ours.appId, person) },
    });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = monolith.stop('SIGTERM');
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ access_token: expect.any(String) });
    expect(await stopped).toBe('graceful');
    await expect(call('GET', '/health')).rejects.toThrow();
  });
});
