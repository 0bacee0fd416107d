import type { INestApplication } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { type Environment, isUnderPathPrefix } from '@app/common';

/** What the gateway forwards to the auth app in split mode, so an SPA sees one origin. */
export const AUTH_PATHS = ['/auth', '/.well-known'];
/** The Facebook emulator's dialog, mounted on the auth app outside production. */
const EMULATOR_PATH = '/_facebook';

/**
 * Split mode: `/auth/*` and `/.well-known/*` go to AUTH_HTTP_URL (http-proxy-middleware),
 * with the client's address appended to X-Forwarded-For for the auth app's rate limits.
 * Mounted before Nest's routes; the gateway leaves these bodies unparsed (see `forwardedPaths`)
 * and streams them on byte for byte, so the auth app's own limits and parsers decide.
 */
export const authProxyPaths = (env: Environment): string[] => (env.NODE_ENV === 'production' ? AUTH_PATHS : [...AUTH_PATHS, EMULATOR_PATH]);

export function mountAuthProxy(app: INestApplication, env: Environment): void {
  const prefixes = authProxyPaths(env);
  app.use(
    createProxyMiddleware({
      target: env.AUTH_HTTP_URL,
      pathFilter: (path) => isUnderPathPrefix(path, prefixes),
      xfwd: true,
      proxyTimeout: 10_000,
      on: {
        error: (_error, _req, res) => {
          const response = res as ServerResponse | Socket;
          if (!('writeHead' in response) || response.headersSent) return void response.end();
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message: 'the auth service is unreachable' }));
        },
      },
    }),
  );
}
