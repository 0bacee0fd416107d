import 'reflect-metadata';
import autocannon from 'autocannon';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loginThroughEmulator, type Tokens } from './http-login';
import { freePort, start, type Started } from './processes';
import { benchVerification, type VerificationResult } from './verification.bench';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 64;

interface Row {
  scenario: string;
  measure: string;
  value: number;
  unit: string;
  target?: string;
  pass?: boolean;
}
const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  const verdict = row.pass === undefined ? '' : row.pass ? '  ok' : '  MISSED';
  process.stdout.write(`  ${row.scenario.padEnd(44)} ${row.measure.padEnd(26)} ${row.value.toFixed(row.unit === 'µs' ? 2 : 1).padStart(10)} ${row.unit.padEnd(6)} ${row.target ?? ''}${verdict}\n`);
};

async function load(url: string, token?: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const baseEnv = (keysDir: string): Record<string, string> => ({
  DATABASE_URL,
  NODE_ENV: 'development',
  AUTH_RATE_LIMIT: '100000000',
  JWT_KEYS_DIR: keysDir,
});

async function startMonolith(keysDir: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const app = await start('dist/apps/monolith/src/main.js', { ...baseEnv(keysDir), PORT: String(port), PUBLIC_URL: origin }, `${origin}/health`);
  return { origin, stop: app.stop };
}

async function startSplit(keysDir: string): Promise<{ origin: string; stop: () => Promise<void> }> {
  const ports = Object.fromEntries(await Promise.all(['PORT', 'AUTH_HTTP_PORT', 'ORDERS_HTTP_PORT', 'INVENTORY_HTTP_PORT', 'AUTH_TCP_PORT', 'ORDERS_TCP_PORT', 'INVENTORY_TCP_PORT'].map(async (name) => [name, String(await freePort())])));
  const origin = `http://localhost:${ports.PORT}`;
  const env = { ...baseEnv(keysDir), ...ports, PUBLIC_URL: origin, AUTH_HTTP_URL: `http://127.0.0.1:${ports.AUTH_HTTP_PORT}`, TRUST_PROXY: 'true' };
  const started: Started[] = [];
  started.push(await start('dist/apps/auth/src/main.js', env, `http://127.0.0.1:${ports.AUTH_HTTP_PORT}/health`));
  started.push(await start('dist/apps/inventory/src/main.js', env, `http://127.0.0.1:${ports.INVENTORY_HTTP_PORT}/health`));
  started.push(await start('dist/apps/orders/src/main.js', env, `http://127.0.0.1:${ports.ORDERS_HTTP_PORT}/health`));
  started.push(await start('dist/apps/gateway/src/main.js', { ...env, TRUST_PROXY: 'false' }, `${origin}/health`));
  return { origin, stop: async () => void (await Promise.all(started.reverse().map((s) => s.stop()))) };
}

/** Concurrent clients, each looping `work` on its own state for DURATION_S; answers ops/s and latencies. */
async function closedLoop<T>(states: T[], work: (state: T) => Promise<T>) {
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION_S * 1000;
  await Promise.all(
    states.map(async (initial) => {
      let state = initial;
      while (Date.now() < deadline) {
        const started = performance.now();
        state = await work(state);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / DURATION_S, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

async function refresh(origin: string, tokens: Tokens): Promise<Tokens> {
  const response = await fetch(`${origin}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }) });
  if (!response.ok) throw new Error(`refresh failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}

async function exchange(origin: string, tokens: Tokens): Promise<Tokens> {
  const response = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('orders:development-orders-client-secret').toString('base64')}` },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: tokens.access_token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      audience: 'inventory',
      scope: 'inventory:reserve',
    }),
  });
  if (!response.ok) throw new Error(`exchange failed: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  return tokens;
}

/** What the machine can sign with RS256 (one per access token issued) when it does nothing else. */
async function signaturesPerSecond(seconds = 3): Promise<number> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const input = Buffer.from('x'.repeat(600));
  const deadline = Date.now() + seconds * 1000;
  let signed = 0;
  // Asynchronous signing runs on libuv's pool: as many lanes as it has threads, across the cores.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < deadline) {
        await new Promise((resolve, reject) => sign('sha256', input, privateKey, (error, signature) => (error ? reject(error) : resolve(signature))));
        signed += 1;
      }
    }),
  );
  return signed / seconds;
}

async function refreshP50(origin: string, sessions: Tokens[], rounds = 40): Promise<number> {
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < sessions.length; i++) {
      const started = performance.now();
      sessions[i] = await refresh(origin, sessions[i]);
      latencies.push(performance.now() - started);
    }
  }
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length / 2)];
}

async function growTo(db: Client, fillerAccount: string, total: number): Promise<void> {
  const [{ count }] = (await db.query("SELECT count(*)::int AS count FROM auth.sessions WHERE provider = 'bench-filler'")).rows;
  for (let have = count; have < total; ) {
    const batch = Math.min(100_000, total - have);
    await db.query(
      `WITH s AS (
         INSERT INTO auth.sessions (account_id, provider, created_at, last_used_at, idle_expires_at, expires_at, revoked_at, revoked_reason)
         SELECT $1, 'bench-filler', now(), now(), now() + interval '30 days', now() + interval '90 days',
                CASE WHEN g % 2 = 0 THEN now() END, CASE WHEN g % 2 = 0 THEN 'logout' END
           FROM generate_series(1, $2) g RETURNING id)
       INSERT INTO auth.refresh_tokens (session_id, token_hash, issued_at, expires_at)
       SELECT id, md5(id::text) || md5(id::text || 'r'), now(), now() + interval '30 days' FROM s`,
      [fillerAccount, batch],
    );
    have += batch;
  }
  await db.query('ANALYZE auth.sessions; ANALYZE auth.refresh_tokens');
}

async function main(): Promise<void> {
  const keysDir = mkdtempSync(join(tmpdir(), 'bench-keys-'));
  process.stdout.write(`benchmark: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${DURATION_S} s per load\n`);
  process.stdout.write(`  ${'scenario'.padEnd(44)} ${'measure'.padEnd(26)} ${'value'.padStart(10)} unit   target\n`);

  // 1. baseline
  const basePort = await freePort();
  const baseline = await start('dist/bench/baseline-server.js', { PORT: String(basePort), DATABASE_URL }, `http://127.0.0.1:${basePort}/baseline`);
  const base = await load(`http://127.0.0.1:${basePort}/baseline`);
  record({ scenario: '1 baseline: bare Nest JSON handler', measure: 'requests/s', value: base.rps, unit: 'req/s' });
  record({ scenario: '1 baseline: bare Nest JSON handler', measure: 'p99 latency', value: base.p99, unit: 'ms' });

  try {
    // 2-3. through the gateway, both modes
    for (const [mode, launch] of [['monolith', startMonolith], ['split', startSplit]] as const) {
      const platform = await launch(keysDir);
      try {
        const user = await loginThroughEmulator(platform.origin, `Bench ${mode}`);
        const products = await load(`${platform.origin}/api/products`);
        record({ scenario: `2 GET /api/products (${mode})`, measure: 'requests/s', value: products.rps, unit: 'req/s' });
        const orders = await load(`${platform.origin}/api/orders`, user.access_token);
        const ratio = orders.rps / base.rps;
        const isMonolith = mode === 'monolith';
        record({ scenario: `3 GET /api/orders with a token (${mode})`, measure: 'requests/s', value: orders.rps, unit: 'req/s' });
        record({ scenario: `3 GET /api/orders with a token (${mode})`, measure: '% of baseline', value: ratio * 100, unit: '%', ...(isMonolith ? { target: '>= 60', pass: ratio >= 0.6 } : {}) });
        record({ scenario: `3 GET /api/orders with a token (${mode})`, measure: 'p99 latency', value: orders.p99, unit: 'ms', ...(isMonolith ? { target: '<= 10', pass: orders.p99 <= 10 } : {}) });

        if (isMonolith) {
          // The floor under scenario 3 (the schema exists now): the baseline handler plus the same indexed read.
          const floor = await load(`http://127.0.0.1:${basePort}/baseline/database`);
          await baseline.stop();
          record({ scenario: '3 floor: bare handler + the same read', measure: 'requests/s', value: floor.rps, unit: 'req/s' });
          record({ scenario: '3 floor: bare handler + the same read', measure: '% of baseline', value: (floor.rps / base.rps) * 100, unit: '%' });
          record({ scenario: '3 floor: bare handler + the same read', measure: 'p99 latency', value: floor.p99, unit: 'ms' });
          // 5. refresh rotations, 6. token exchanges, 7. growth: against the real PostgreSQL.
          const sessions = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => loginThroughEmulator(platform.origin, `Rotator ${i}`)));
          const rotations = await closedLoop(sessions, (tokens) => refresh(platform.origin, tokens));
          record({ scenario: '5 refresh rotations, 64 sessions (PostgreSQL)', measure: 'rotations/s', value: rotations.perSecond, unit: 'ops/s', target: '>= 1000', pass: rotations.perSecond >= 1000 });
          record({ scenario: '5 refresh rotations, 64 sessions (PostgreSQL)', measure: 'p99 latency', value: rotations.p99, unit: 'ms' });
          record({ scenario: '5 floor: RS256 signatures alone, whole machine', measure: 'signatures/s', value: await signaturesPerSecond(), unit: 'ops/s' });
          const fresh = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => loginThroughEmulator(platform.origin, `Exchanger ${i}`)));
          const exchanges = await closedLoop(fresh, (tokens) => exchange(platform.origin, tokens));
          record({ scenario: '6 token exchanges (orders for a user)', measure: 'exchanges/s', value: exchanges.perSecond, unit: 'ops/s' });

          const db = new Client({ connectionString: DATABASE_URL });
          await db.connect();
          const [{ id: filler }] = (await db.query("INSERT INTO auth.accounts (name) VALUES ('bench filler') RETURNING id")).rows;
          try {
            const probe = await Promise.all(Array.from({ length: 8 }, (_, i) => loginThroughEmulator(platform.origin, `Probe ${i}`)));
            await growTo(db, filler, 10_000);
            const small = await refreshP50(platform.origin, probe);
            await growTo(db, filler, Number(process.env.BENCH_GROWTH_SESSIONS ?? 1_000_000));
            const large = await refreshP50(platform.origin, probe);
            record({ scenario: '7 refresh p50 with 10k sessions stored', measure: 'p50 latency', value: small, unit: 'ms' });
            record({ scenario: '7 refresh p50 with 1M sessions stored', measure: 'p50 latency', value: large, unit: 'ms' });
            record({ scenario: '7 growth 10k → 1M sessions', measure: 'p50 ratio', value: large / small, unit: 'x', target: '<= 1.5', pass: large / small <= 1.5 });
          } finally {
            await db.query('DELETE FROM auth.accounts WHERE id = $1', [filler]);
            await db.end();
          }
        }
      } finally {
        await platform.stop();
      }
    }
  } finally {
    await baseline.stop();
  }

  // 4. token verification in the guard library
  const verification: VerificationResult[] = [];
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    const result = await benchVerification(alg);
    verification.push(result);
    const scenario = `4 verification ${alg}`;
    record({ scenario, measure: 'raw crypto.verify', value: result.rawMicros, unit: 'µs' });
    record({ scenario, measure: 'first-seen token', value: result.firstSeenMicros, unit: 'µs', target: `<= ${(1.3 * result.rawMicros).toFixed(1)} (1.3x raw)`, pass: result.firstSeenMicros <= 1.3 * result.rawMicros });
    record({ scenario, measure: 'repeat token', value: result.repeatMicros, unit: 'µs', target: '<= 5', pass: result.repeatMicros <= 5 });
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync('bench/results', { recursive: true });
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), freeGiB: Math.round(freemem() / 2 ** 30), node: process.version, durationSeconds: DURATION_S };
  writeFileSync(`bench/results/${stamp}.json`, JSON.stringify({ machine, rows }, null, 2));
  writeFileSync(REPORT, report(machine, rows, existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : ''));
  const missed = rows.filter((row) => row.pass === false);
  process.stdout.write(missed.length ? `\n${missed.length} target(s) missed: see docs/performance.md\n` : '\nevery target holds\n');
}

const REPORT = 'docs/performance.md';
const ANALYSIS = '<!-- everything below is written by hand and kept by `npm run bench` -->';

/** The measured part of docs/performance.md, followed by the hand-written analysis kept from `previous`. */
function report(machine: Record<string, unknown>, results: Row[], previous: string): string {
  const table = results
    .map((r) => `| ${r.scenario} | ${r.measure} | ${r.value.toFixed(r.unit === 'µs' ? 2 : 1)} ${r.unit} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'ok' : '**missed**'} |`)
    .join('\n');
  const analysis = previous.includes(ANALYSIS) ? previous.slice(previous.indexOf(ANALYSIS)) : `${ANALYSIS}\n`;
  return `# Performance

Written by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}). Ratios against a baseline measured in
the same run matter more than absolute numbers: this machine is shared and noisy.

Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}; PostgreSQL 15 on the same
machine; loads of ${machine.durationSeconds} s at ${CONNECTIONS} connections (autocannon); apps started with LOG_LEVEL=warn.

| scenario | measure | value | target | |
|---|---|---|---|---|
${table}

${analysis}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
