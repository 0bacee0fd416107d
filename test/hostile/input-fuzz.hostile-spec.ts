import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { LoginTokens } from '../support/auth-test-app';
import { type Mode, type Platform, startPlatform } from '../support/platform';
import { fieldMutations } from './hostile-values';

type Caller = 'anyone' | 'user' | 'admin';
type Body = Record<string, unknown>;

interface Route {
  method: 'post' | 'put' | 'delete';
  path: string;
  caller: Caller;
  /** A body the route would accept, mutated field by field. */
  sample: Body;
  /** Fields the route may go without (absent or null). */
  optional?: string[];
  /** Opaque credentials: any string is a well-formed (if unknown) value the route may accept. */
  opaque?: string[];
}

const accountId = randomUUID();
const routes: Route[] = [
  {
    method: 'post',
    path: '/api/products',
    caller: 'admin',
    sample: { sku: 'FUZZ-1', name: 'Fuzz', priceCents: 1, stock: 1 },
  },
  { method: 'post', path: '/api/orders', caller: 'user', sample: { items: [{ sku: 'FUZZ-1', quantity: 1 }] } },
  { method: 'post', path: `/api/admin/accounts/${accountId}/ban`, caller: 'admin', sample: { reason: 'fuzz' } },
  { method: 'put', path: `/api/admin/accounts/${accountId}/roles`, caller: 'admin', sample: { roles: ['user'] } },
  {
    method: 'post',
    path: '/auth/token',
    caller: 'anyone',
    sample: { grant_type: 'refresh_token', refresh_token: 'r'.repeat(43) },
  },
  { method: 'post', path: '/auth/facebook/token', caller: 'anyone', sample: { access_token: 'EAAfuzz' } },
  {
    method: 'post',
    path: '/auth/logout',
    caller: 'anyone',
    sample: { refresh_token: 'r'.repeat(43) },
    opaque: ['refresh_token'],
  },
  {
    method: 'post',
    path: '/auth/revoke',
    caller: 'anyone',
    sample: { token: 'r'.repeat(43), token_type_hint: 'refresh_token' },
    optional: ['token_type_hint'],
    opaque: ['token', 'token_type_hint'],
  },
  { method: 'post', path: '/auth/facebook/deauthorize', caller: 'anyone', sample: { signed_request: 'a.b' } },
  { method: 'post', path: '/auth/facebook/data-deletion', caller: 'anyone', sample: { signed_request: 'a.b' } },
];

/** Whole bodies that are not the JSON object a route expects, as raw text with their content type. */
const rawBodies: Array<[string, string, string]> = [
  ['malformed JSON', 'application/json', '{"a": '],
  ['JSON with a trailing comma', 'application/json', '{"a": 1,}'],
  ['a JSON array', 'application/json', '[1,2,3]'],
  ['JSON null', 'application/json', 'null'],
  ['a JSON string', 'application/json', '"text"'],
  ['a __proto__ key', 'application/json', '{"__proto__":{"polluted":"yes","roles":["admin"]}}'],
  ['a constructor.prototype key', 'application/json', '{"constructor":{"prototype":{"polluted":"yes"}}}'],
  ['deeply nested JSON', 'application/json', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ['a body over the limit', 'application/json', JSON.stringify({ a: 'x'.repeat(200_000) })],
  ['plain text', 'text/plain', 'hello'],
  ['XML', 'application/xml', '<a>1</a>'],
  [
    'multipart',
    'multipart/form-data; boundary=x',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
  ],
  [
    'a form with bracketed keys',
    'application/x-www-form-urlencoded',
    'a[b][c]=1&__proto__[polluted]=yes&items[0][sku]=x',
  ],
  ['an unknown charset', 'application/json; charset=ebcdic', '{}'],
];

function readable(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const { message, error_description: description } = body as { message?: unknown; error_description?: unknown };
  const texts = [message, description].flat().filter((text) => typeof text === 'string' && text.length > 0) as string[];
  return texts.length > 0 && texts.every((text) => !/\n\s+at |node_modules|TypeError|QueryFailedError/.test(text));
}

describe.each(['monolith', 'split'] as Mode[])('hostile input on every route (%s)', (mode) => {
  let platform: Platform;
  let tokens: Record<Exclude<Caller, 'anyone'>, LoginTokens>;
  const failures: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform(mode);
    tokens = { user: await platform.login(), admin: await platform.login({ roles: ['admin'] }) };
  });
  afterAll(() => platform.close());

  const send = (route: Route, contentType: string, payload: string) => {
    const test = platform.http()[route.method](route.path).set('Content-Type', contentType);
    if (route.caller !== 'anyone') test.auth(tokens[route.caller].access_token, { type: 'bearer' });
    return test.send(payload);
  };
  /** Every answer must be a 4xx with a readable message; `mayAccept` allows a 2xx/3xx for inputs that are legitimately valid. */
  const check = async (label: string, route: Route, contentType: string, payload: string, mayAccept = false) => {
    const response = await send(route, contentType, payload);
    const ok = response.status < 400 ? mayAccept : response.status < 500 && readable(response.body);
    if (!ok)
      failures.push(
        `${route.method.toUpperCase()} ${route.path} with ${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`,
      );
  };

  it.each(
    routes.map((route) => [`${route.method.toUpperCase()} ${route.path.replace(accountId, ':id')}`, route] as const),
  )('%s: wrong types, missing and extra fields, odd bodies and content types: 4xx with a message', async (_, route) => {
    failures.length = 0;
    const json = (body: unknown) => JSON.stringify(body);
    for (const { label, field, value, removed, data } of fieldMutations(route.sample)) {
      const optional = route.optional?.includes(field) ?? false;
      // Unicode or SQL in a free-text field is legitimate input; the rest never is.
      const legitimateText =
        typeof value === 'string' &&
        typeof route.sample[field] === 'string' &&
        (route.opaque?.includes(field) || (value.length < 100 && !/\p{Cc}/u.test(value)));
      const mayGoWithout = optional && (removed || value === null);
      await check(label, route, 'application/json', json(data), legitimateText || mayGoWithout);
    }
    await check('an extra field', route, 'application/json', json({ ...route.sample, isAdmin: true }));
    for (const [label, contentType, payload] of rawBodies) await check(label, route, contentType, payload);
    expect(failures).toEqual([]);
  });

  it.each([
    ['a non-UUID order id', 'get', '/api/orders/not-a-uuid', 'user'],
    ['a traversal order id', 'get', '/api/orders/..%2F..%2Fetc%2Fpasswd', 'user'],
    ['a huge product sku', 'get', `/api/products/${'S'.repeat(5000)}`, 'anyone'],
    ['a NUL in a sku', 'get', '/api/products/a%00b', 'anyone'],
    ['bad percent-encoding', 'get', '/api/products/%E0%A4%A', 'anyone'],
    ['a non-UUID account', 'get', '/api/admin/accounts/1%27%20OR%201=1', 'admin'],
    ['a non-UUID session', 'delete', '/auth/sessions/not-a-uuid', 'user'],
    ['an unknown deletion code', 'get', `/auth/facebook/data-deletion/${'z'.repeat(3000)}`, 'anyone'],
    [
      'a repeated redirect_uri',
      'get',
      '/auth/facebook?redirect_uri=a&redirect_uri=b&code_challenge=x&code_challenge_method=S256',
      'anyone',
    ],
    [
      'a bracketed redirect_uri',
      'get',
      '/auth/facebook?redirect_uri[$ne]=1&code_challenge=x&code_challenge_method=S256',
      'anyone',
    ],
    ['a callback with arrays', 'get', '/auth/facebook/callback?code[]=1&code[]=2&state[x]=1', 'anyone'],
  ] as const)('%s: 4xx with a message', async (_, method, path, caller) => {
    const test = platform.http()[method](path);
    if (caller !== 'anyone') test.auth(tokens[caller].access_token, { type: 'bearer' });
    const response = await test;
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // the login callback answers a redirect page to the SPA; every other route a JSON message
    if (!path.startsWith('/auth/facebook/callback')) expect(readable(response.body)).toBe(true);
  });

  it('left no polluted prototype and granted nothing', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('roles');
    await platform
      .http()
      .post('/api/products')
      .auth(tokens.user.access_token, { type: 'bearer' })
      .send({ sku: 'FUZZ-2', name: 'x', priceCents: 1, stock: 1 })
      .expect(403);
  });
});
