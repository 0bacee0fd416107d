import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const serveStatic = express.static;
import type { Environment } from '../config/environment';
import { API_SECURITY, ErrorBody, OAuthErrorBody } from './api-docs.decorators';

/** What the document describes: the routes a client of the public origin may call. */
export const DOCUMENTED_PREFIXES = ['/auth', '/api', '/.well-known', '/health'];
const isDocumented = (path: string) =>
  DOCUMENTED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** The OpenAPI 3 document of the routes this Nest application serves (its public ones). */
export function buildApiDocument(app: INestApplication, env: Environment): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Auth platform')
    .setDescription(
      'Facebook and Google login for SPAs, tokens and sessions (`/auth/*`, `/.well-known/*`), and the API the gateway serves (`/api/*`). ' +
        'Browsers hold a session in memory, cookie or session mode (see the README).',
    )
    .setVersion('1')
    .addServer(env.PUBLIC_URL ?? '/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, API_SECURITY.bearer)
    .addCookieAuth('auth_session', { type: 'apiKey', in: 'cookie', name: 'auth_session' }, API_SECURITY.sessionCookie)
    .addCookieAuth('auth_refresh', { type: 'apiKey', in: 'cookie', name: 'auth_refresh' }, API_SECURITY.refreshCookie)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody, OAuthErrorBody] });
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => isDocumented(path)));
  return document;
}

/** Another process's document merged into this one (split mode: the auth app's routes at the gateway). */
export function mergeApiDocuments(base: OpenAPIObject, other: OpenAPIObject): OpenAPIObject {
  return {
    ...base,
    paths: { ...other.paths, ...base.paths },
    components: {
      ...base.components,
      schemas: { ...other.components?.schemas, ...base.components?.schemas },
    },
  };
}

/** Swagger UI, pointed at our document (its own initializer shows the petstore). */
const SWAGGER_INITIALIZER = `window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * `GET /api/openapi.json` and the interactive `GET /api/docs/` (Swagger UI) on the public origin.
 * `document` is worked out on first use (and again after a failure): in split mode it includes
 * the auth app's routes, fetched from it, so the gateway may start first.
 */
export function mountApiDocs(app: INestApplication, document: () => Promise<OpenAPIObject>): void {
  let cached: Promise<OpenAPIObject> | undefined;
  const current = () =>
    (cached ??= document().catch((error: unknown) => {
      cached = undefined;
      throw error;
    }));
  const http = app.getHttpAdapter().getInstance() as Express;
  http.get('/api/openapi.json', (_request: Request, response: Response) =>
    current().then(
      (body) => response.json(body),
      () =>
        response
          .status(503)
          .setHeader('Retry-After', '5')
          .json({ statusCode: 503, error: 'Service Unavailable', message: 'the API document is not available yet' }),
    ),
  );
  // Relative asset URLs need the trailing slash.
  http.get('/api/docs', (request: Request, response: Response, next: NextFunction) =>
    request.originalUrl.split('?')[0].endsWith('/') ? next() : response.redirect(301, '/api/docs/'),
  );
  http.get('/api/docs/swagger-initializer.js', (_request: Request, response: Response) =>
    response.type('application/javascript').send(SWAGGER_INITIALIZER),
  );
  http.use('/api/docs', serveStatic(swaggerUiAssets(), { index: 'index.html' }));
}

/**
 * swagger-ui-dist's folder, resolved from this file (the CommonJS build has `__filename`); Jest
 * loads this file as ESM, where only the working directory (the repository) is left to start from.
 */
const swaggerUiAssets = (): string =>
  (
    createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'package.json'))(
      'swagger-ui-dist/absolute-path.js',
    ) as () => string
  )();

/** Where a process that is not the public origin (the split auth app) serves its part of the document, for the gateway to merge. */
export const INTERNAL_API_DOCUMENT_PATH = '/openapi.json';

/** Serves this process's document on its own listener, for the gateway. */
export function serveInternalApiDocument(app: INestApplication, env: Environment): void {
  let document: OpenAPIObject | undefined;
  (app.getHttpAdapter().getInstance() as Express).get(
    INTERNAL_API_DOCUMENT_PATH,
    (_request: Request, response: Response) => response.json((document ??= buildApiDocument(app, env))),
  );
}
