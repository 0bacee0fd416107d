import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { type CompiledPlatform, startCompiledPlatform } from './support/compiled-platform';
import { pkce } from './support/facebook-fixture';
import { freePort } from './support/free-port';

interface ReceivedSpan {
  service: string;
  traceId: string;
  name: string;
}

/** An OTLP/HTTP (JSON) trace receiver: what each process exports, by service. */
async function otlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; others: string[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const others: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/traces') {
        others.push(req.url ?? '');
        return void res.writeHead(404).end();
      }
      const payload = JSON.parse(body || '{}') as {
        resourceSpans?: Array<{
          resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans?: Array<{ spans?: Array<{ traceId: string; name: string }> }>;
        }>;
      };
      for (const resource of payload.resourceSpans ?? []) {
        const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? []) spans.push({ service, traceId: span.traceId, name: span.name });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, spans, others, server };
}

// `nats`: the split apps with TRANSPORT=nats, the trace context riding in the NATS message headers.
const modes = process.env.DATABASE_URL ? (['monolith', 'split', 'nats'] as const) : (['monolith'] as const);

describe.each(modes)('tracing (%s): one order, one trace across every process it touches', (mode) => {
  let platform: CompiledPlatform;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    platform = await startCompiledPlatform(mode === 'monolith' ? 'monolith' : 'split', {
      ...(mode === 'nats' ? { TRANSPORT: 'nats' } : {}),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'info',
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    receiver?.server.close();
  });

  /** Signs in through the built-in Facebook emulator's dialog, as a browser would. */
  async function signIn(): Promise<string> {
    const browser = request.agent(platform.origin);
    const { verifier, challenge } = pkce();
    const redirectUri = `${platform.origin}/`;
    const started = await browser
      .get('/auth/facebook')
      .query({ redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' })
      .expect(302);
    const dialog = new URL(started.headers.location);
    const decided = await browser
      .post(dialog.pathname)
      .type('form')
      .send({ ...Object.fromEntries(dialog.searchParams), action: 'create', new_user_name: 'Tracy Trace' })
      .expect(302);
    const callback = new URL(decided.headers.location);
    const back = await browser.get(`${callback.pathname}${callback.search}`).expect(302);
    const code = new URL(back.headers.location).searchParams.get('code');
    const tokens = await browser
      .post('/auth/token')
      .send({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri })
      .expect(200);
    return tokens.body.access_token;
  }

  it('continues the caller’s traceparent from the gateway through orders, the token exchange and inventory', async () => {
    const token = await signIn();
    const products = (await request(platform.origin).get('/api/products').expect(200)).body as Array<{
      sku: string;
      stock: number;
    }>;
    const sku = products.find((product) => product.stock > 0)!.sku;
    const traceId = randomBytes(16).toString('hex');
    await request(platform.origin)
      .post('/api/orders')
      .set('authorization', `Bearer ${token}`)
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`)
      .send({ items: [{ sku, quantity: 1 }] })
      .expect(201);
    const wanted = ['rpc orders.create', 'rpc inventory.reserve'];
    const deadline = Date.now() + 10_000;
    const ofTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    // The gateway's HTTP span ends last, after the response: wait for it too.
    const complete = () =>
      wanted.every((name) => ofTrace().some((span) => span.name === name)) &&
      ofTrace().some((span) => span.name.startsWith('POST')) &&
      (mode === 'monolith' || new Set(ofTrace().map((span) => span.service)).size === 4);
    while (!complete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const spans = ofTrace();
    expect(spans.map((span) => span.name)).toEqual(expect.arrayContaining([...wanted, expect.stringMatching(/^POST/)]));
    expect(spans.some((span) => span.name.startsWith('rpc auth.'))).toBe(true);
    const services = [...new Set(spans.map((span) => span.service))].sort();
    expect(services).toEqual(mode === 'monolith' ? ['monolith'] : ['auth', 'gateway', 'inventory', 'orders']);
    // The request's log lines name its trace.
    const logs = () =>
      Object.values(platform.apps)
        .map((app) => app.output())
        .join('\n');
    const logDeadline = Date.now() + 3_000;
    while (!logs().includes(`"trace_id":"${traceId}"`) && Date.now() < logDeadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs()).toContain(`"trace_id":"${traceId}"`);
    // Traces only: no metrics or logs were pushed to the collector.
    expect(receiver.others).toEqual([]);
  });
});
