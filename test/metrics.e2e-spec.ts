import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatedApp, FacebookEmulator } from '@app/emulators';
import type { LoginTokens } from './support/auth-test-app';
import { type CompiledPlatform, startCompiledPlatform } from './support/compiled-platform';
import { startFacebookPlatform } from './support/facebook-fixture';
import { freePort } from './support/free-port';
import { freshLoopbackAddress, httpFrom } from './support/http-from';
import type { Platform } from './support/platform';
import { statusWithin } from './support/status-within';

/** The value of one sample of Prometheus text (0 when absent), matched by name and labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) total += Number(match[3]);
  }
  return total;
}

describe('metrics: the platform’s counters match what happened (monolith, METRICS_PORT)', () => {
  let facebook: FacebookEmulator;
  let ours: EmulatedApp;
  let platform: Platform;
  let close: () => Promise<void>;
  let metricsUrl: string;
  let admin: LoginTokens;
  const RATE_LIMIT = 12;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    ({ facebook, ours, platform, close } = await startFacebookPlatform('monolith', {
      METRICS_PORT: String(port),
      REFRESH_REUSE_INTERVAL: '0',
      AUTH_RATE_LIMIT: String(RATE_LIMIT),
    }));
    admin = await platform.login({ roles: ['admin'] });
  });
  afterAll(() => close());

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };

  it('serves Prometheus text on its own listener, never on the public port', async () => {
    const text = await scrape();
    expect(text).toMatch(/^process_cpu_user_seconds_total\{app="monolith"\} /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{app="monolith"\} /m);
    await platform.http().get('/metrics').expect(404);
  });

  it('counts logins by provider and outcome, rotations, reuse, bans, refusals and revocations as they happen', async () => {
    // From its first read of the revocation feed on, the process follows it (what it catches up on
    // at start-up has no propagation delay worth the name).
    let before = await scrape();
    const deadline = Date.now() + 5_000;
    while (!sample(before, 'revocation_feed_last_sync_timestamp_seconds') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      before = await scrape();
    }
    // Credential requests from one fresh client address: the rate limit is counted in the database all tests share.
    const client = freshLoopbackAddress();
    const origin = await platform.listen();
    const post = async (path: string, body: object) => {
      const response = await httpFrom(client, `${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: JSON.parse(response.body || '{}') };
    };
    const user = facebook.addUser('Mia Metrics');
    const login = await post('/auth/facebook/token', { access_token: facebook.issueUserToken(ours.appId, user.id) });
    expect(login.status).toBe(200);
    expect((await post('/auth/facebook/token', { access_token: 'EAAnot-a-real-token' })).status).toBe(401);
    const first = await post('/auth/token', { grant_type: 'refresh_token', refresh_token: login.body.refresh_token });
    expect(first.status).toBe(200);
    const second = await post('/auth/token', { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    // The first refresh token again, with no reuse interval: a replay, and the session is revoked.
    expect(
      (await post('/auth/token', { grant_type: 'refresh_token', refresh_token: login.body.refresh_token })).status,
    ).toBe(400);

    const victim = await platform.login({ name: 'Ban Target' });
    await platform
      .http()
      .post(`/api/admin/accounts/${victim.account_id}/ban`)
      .auth(admin.access_token, { type: 'bearer' })
      .send({ reason: 'metrics' })
      .expect(200);
    expect(
      await statusWithin(
        2_000,
        401,
        async () => (await platform.http().get('/api/orders').auth(victim.access_token, { type: 'bearer' })).status,
      ),
    ).toBe(401);

    for (let i = 0; i < 3; i++)
      await platform.http().get('/api/orders').auth('not.a-jwt', { type: 'bearer' }).expect(401);

    // The same client again: past its budget of RATE_LIMIT a minute, refused.
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++)
      statuses.push((await post('/auth/token', { grant_type: 'refresh_token', refresh_token: 'x' })).status);
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThan(0);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect({
      logins: delta('auth_logins_total', { provider: 'facebook', outcome: 'success' }),
      failedLogins: delta('auth_logins_total', { provider: 'facebook', outcome: 'failure' }),
      rotations: delta('auth_refresh_rotations_total'),
      reuse: delta('auth_refresh_reuse_detected_total'),
      bans: delta('auth_bans_total'),
      rateLimited: delta('auth_rate_limit_refusals_total'),
      malformed: delta('token_verification_failures_total', { reason: 'malformed_token' }),
    }).toEqual({ logins: 1, failedLogins: 1, rotations: 2, reuse: 1, bans: 1, rateLimited: refused, malformed: 3 });
    expect(delta('token_verification_failures_total', { reason: 'token_revoked' })).toBeGreaterThanOrEqual(1);
    // The ban and the replay reached this process's revocation registry, with their delay observed.
    expect(delta('revocations_applied_total')).toBeGreaterThanOrEqual(2);
    expect(delta('revocation_propagation_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(delta('revocation_propagation_seconds_bucket', { le: '2' })).toBe(
      delta('revocation_propagation_seconds_count'),
    );
    // Facebook was asked twice for debug_token (the good token and the forged one).
    expect(
      delta('identity_provider_request_duration_seconds_count', { provider: 'facebook', operation: '/debug_token' }),
    ).toBe(2);
  });

  it('times HTTP requests by route template and status, and RPCs by pattern', async () => {
    const before = await scrape();
    const user = await platform.login({ name: 'Tim Timing' });
    await platform.http().get('/api/orders').auth(user.access_token, { type: 'bearer' }).expect(200);
    await platform
      .http()
      .get('/api/orders/00000000-0000-4000-8000-000000000000')
      .auth(user.access_token, { type: 'bearer' })
      .expect(404);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('http_request_duration_seconds_count', { route: '/api/orders', method: 'GET', status: '200' })).toBe(
      1,
    );
    expect(delta('http_request_duration_seconds_count', { route: '/api/orders/:id', status: '404' })).toBe(1);
    expect(delta('rpc_request_duration_seconds_count', { pattern: 'orders.list', outcome: 'ok' })).toBe(1);
    expect(delta('rpc_request_duration_seconds_count', { pattern: 'orders.get', outcome: '404' })).toBe(1);
  });
});

const splitModes = process.env.DATABASE_URL ? ['split'] : [];
describe.each(splitModes)('metrics in %s mode: each process on its own METRICS_PORT', () => {
  let platform: CompiledPlatform;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    for (const app of ['auth', 'gateway', 'orders', 'inventory']) ports[app] = await freePort();
    platform = await startCompiledPlatform(
      'split',
      {},
      Object.fromEntries(Object.entries(ports).map(([app, port]) => [app, { METRICS_PORT: String(port) }])),
    );
  }, 120_000);
  afterAll(() => platform?.stop());

  it('serves every process’s own metrics, and the API’s calls show at the gateway and the services', async () => {
    await fetch(`${platform.origin}/api/products`);
    for (const [app, port] of Object.entries(ports)) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect({ app, labelled: text.includes(`app="${app}"`) }).toEqual({ app, labelled: true });
    }
    const gateway = await (await fetch(`http://127.0.0.1:${ports.gateway}/metrics`)).text();
    expect(sample(gateway, 'http_request_duration_seconds_count', { route: '/api/products', status: '200' })).toBe(1);
    const inventory = await (await fetch(`http://127.0.0.1:${ports.inventory}/metrics`)).text();
    expect(sample(inventory, 'rpc_request_duration_seconds_count', { pattern: 'inventory.list', outcome: 'ok' })).toBe(
      1,
    );
    expect((await fetch(`${platform.origin}/metrics`)).status).toBe(404);
  });
});
