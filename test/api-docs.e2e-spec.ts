import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { INestApplication } from '@nestjs/common';
import { type Mode, type Platform, startPlatform } from './support/platform';

const PUBLIC = /^\/(auth|api|\.well-known|health)(\/|$)/;
/** Routes that are not part of the API: the docs themselves, and the test harness's own login. */
const NOT_API = new Set(['/api/openapi.json', '/api/docs', '/api/docs/swagger-initializer.js', '/test/login']);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** What an application's router serves: `GET /api/orders/{id}`, in OpenAPI's path syntax. */
function servedRoutes(app: INestApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as unknown as { router: { stack: Layer[] } }).router;
  return router.stack
    .filter((layer) => layer.route && PUBLIC.test(layer.route.path) && !NOT_API.has(layer.route.path))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map(
        (method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    );
}

describe.each(['monolith', 'split'] as Mode[])('API documentation (%s)', (mode) => {
  let platform: Platform;
  let document: { paths: Record<string, Record<string, unknown>>; components?: Record<string, unknown> };

  beforeAll(async () => {
    platform = await startPlatform(mode);
    const response = await platform.http().get('/api/openapi.json').expect(200);
    document = response.body;
  });
  afterAll(() => platform.close());

  it('is a valid OpenAPI 3 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result).toEqual({ valid: true });
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });

  it('describes every public route the platform serves', async () => {
    const apps = [platform.authApp, ...(mode === 'split' ? [platform.gatewayApp!] : [])];
    const served = [...new Set(apps.flatMap(servedRoutes))].sort();
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('names the security schemes and the error bodies, and marks what needs a token', () => {
    expect(Object.keys((document.components as { securitySchemes: object }).securitySchemes).sort()).toEqual([
      'bearer',
      'refresh-cookie',
      'session-cookie',
    ]);
    const orders = document.paths['/api/orders'].get as { security: unknown[]; responses: Record<string, unknown> };
    expect(orders.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'session-cookie': [] }]));
    expect(orders.responses['401']).toBeDefined();
    const products = document.paths['/api/products'].get as { security?: unknown[] };
    expect(products.security ?? []).toEqual([]);
    const token = document.paths['/auth/token'].post as { responses: Record<string, { content?: unknown }> };
    expect(JSON.stringify(token.responses['400'])).toContain('OAuthErrorBody');
  });

  it('serves the interactive docs at /api/docs/', async () => {
    await platform.http().get('/api/docs').expect(301).expect('location', '/api/docs/');
    const page = await platform.http().get('/api/docs/').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await platform.http().get('/api/docs/swagger-initializer.js').expect(200);
    expect(init.text).toContain("url: '/api/openapi.json'");
    await platform.http().get('/api/docs/swagger-ui-bundle.js').expect(200);
  });
});
