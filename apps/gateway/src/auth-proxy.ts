import type { INestApplication } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Request } from 'express';
import { type Environment, FORWARDED_CLIENT_HEADER, isUnderPathPrefix, signForwardedClient } from '@app/common';
import { SERVICES } from '@app/contracts';

/** What the gateway forwards to the auth app in split mode, so an SPA sees one origin. */
export const AUTH_PATHS = ['/auth', '/.well-known'];
/** The identity-provider emulators' browser pages (`/_emulator/<provider>`), mounted on the auth app outside production. */
const EMULATOR_PATH = '/_emulator';

/**
 * Split mode: `/auth/*` and `/.well-known/*` go to AUTH_HTTP_URL (http-proxy-middleware), with
 * the client's address (as this origin sees it: TRUST_PROXY applies here) signed in
 * FORWARDED_CLIENT_HEADER for the auth app's rate limit and audit log.
 * Mounted before Nest's routes; the gateway leaves these bodies unparsed (see `forwardedPaths`)
 * and streams them on byte for byte, so the auth app's own limits and parsers decide.
 */
export const authProxyPaths = (env: Environment): string[] =>
  env.NODE_ENV === 'production' ? AUTH_PATHS : [...AUTH_PATHS, EMULATOR_PATH];

/** AUTH_HTTP_URL, or the auth app's own HTTP listener on this machine. */
export const authHttpUrl = (env: Environment): string =>
  (env.AUTH_HTTP_URL ?? `http://127.0.0.1:${SERVICES.auth.listener(env).httpPort}`).replace(/\/+$/, '');

export function mountAuthProxy(app: INestApplication, env: Environment): void {
  const prefixes = authProxyPaths(env);
  app.use(
    createProxyMiddleware({
      target: authHttpUrl(env),
      pathFilter: (path) => isUnderPathPrefix(path, prefixes),
      xfwd: true,
      proxyTimeout: 10_000,
      on: {
        proxyReq: (proxyRequest, request) => {
          const address = (request as Request).ip;
          if (address && env.GATEWAY_SECRET)
            proxyRequest.setHeader(FORWARDED_CLIENT_HEADER, signForwardedClient(address, env.GATEWAY_SECRET));
          else proxyRequest.removeHeader(FORWARDED_CLIENT_HEADER);
        },
        error: (_error, _req, res) => {
          const response = res as ServerResponse | Socket;
          if (!('writeHead' in response) || response.headersSent) return void response.end();
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              statusCode: 503,
              error: 'Service Unavailable',
              message: 'the auth service is unreachable',
            }),
          );
        },
      },
    }),
  );
}
