import { describe, expect, it } from '@jest/globals';
import express, { type RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import request from 'supertest';
import { securityHeaders } from './security-headers';

const OPTIONS: HelmetOptions[] = [
  {
    referrerPolicy: { policy: 'no-referrer' },
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  },
  { referrerPolicy: { policy: 'no-referrer' }, contentSecurityPolicy: { directives: { upgradeInsecureRequests: [] } } },
  {},
];

/** The headers an Express app answers with when `middleware` runs before its one route. */
async function headersWith(middleware: RequestHandler, path: string) {
  const app = express();
  app.use(middleware);
  app.get('/{*any}', (_req, res) => void res.json({ ok: true }));
  app.post('/{*any}', (_req, res) => void res.status(201).end());
  const [get, post] = await Promise.all([request(app).get(path), request(app).post(path)]);
  const strip = (headers: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(headers).filter(([name]) => !['date', 'etag', 'content-length', 'content-type'].includes(name)),
    );
  return { get: strip(get.headers), post: strip(post.headers) };
}

describe('securityHeaders', () => {
  it.each(OPTIONS)('answers exactly the headers helmet does (%j)', async (options) => {
    for (const path of ['/', '/api/orders?x=1', '/auth/token']) {
      const expected = await headersWith(helmet(options), path);
      expect(expected.get['x-content-type-options']).toBe('nosniff');
      await expect(headersWith(securityHeaders(options), path)).resolves.toEqual(expected);
    }
  });

  it('refuses options whose headers depend on the request', () => {
    const nonce: HelmetOptions = {
      contentSecurityPolicy: {
        directives: { scriptSrc: ["'self'", (req) => `'nonce-${String((req as { url?: string }).url)}'`] },
      },
    };
    expect(() => securityHeaders(nonce)).toThrow(/per-request/);
  });
});
