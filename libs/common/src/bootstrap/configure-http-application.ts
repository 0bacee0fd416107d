import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response, urlencoded } from 'express';
import { Logger } from 'nestjs-pino';
import { FrameworkQuietLogger } from '../logging/framework-quiet-logger';
import { Environment } from '../config/environment';
import { PlatformValidationPipe } from './platform-validation.pipe';
import { allowedOriginsOf } from '../http/browser-cookies';
import { resolveClientAddress } from '../http/forwarded-client';
import { securityHeaders } from './security-headers';

/**
 * Everything an HTTP app needs beyond its modules, shared by `main.ts` and the e2e tests so that
 * what is tested is what runs: pino logger, body limits, proxy trust, validation, shutdown hooks.
 * The app must be created with `bodyParser: false` so the limits here are the only parsers.
 */
export interface HttpApplicationOptions {
  /** Path prefixes whose bodies another server reads (the gateway's forwarded paths): left unparsed, streamed on. */
  forwardedPaths?: string[];
  /**
   * The app serves only the gateway (the split auth app): X-Forwarded-For is never trusted, whatever
   * TRUST_PROXY says; the gateway vouches for client addresses by signature (FORWARDED_CLIENT_HEADER).
   */
  behindGateway?: boolean;
}

/** Whether `path` (no query string) is one of `prefixes` or below one. */
export const isUnderPathPrefix = (path: string, prefixes: string[]): boolean =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** Where the auth app's routes live (and, in the monolith, where the gateway serves them). */
const AUTH_ROUTES = '/auth';
const API_ROUTES = '/api';

/**
 * A response to a request that names someone (a bearer token, a cookie) or to /auth/* is personal:
 * never stored by a browser or a shared cache. /api/* answers differ by those headers.
 */
function personalResponses(request: Request, response: Response, next: NextFunction): void {
  if (request.headers.authorization || request.headers.cookie || isUnderPathPrefix(request.path, [AUTH_ROUTES]))
    response.setHeader('Cache-Control', 'no-store');
  if (isUnderPathPrefix(request.path, [API_ROUTES])) response.append('Vary', 'Authorization, Cookie');
  next();
}

export function configureHttpApplication(
  app: INestApplication,
  env: Environment,
  options: HttpApplicationOptions = {},
): INestApplication {
  const express = app as NestExpressApplication;
  // Only the login and token routes read the client's address (rate limit, audit).
  express.use(AUTH_ROUTES, resolveClientAddress(env.GATEWAY_SECRET));
  express.use(
    securityHeaders({
      referrerPolicy: { policy: 'no-referrer' },
      // Upgrading requests to https would break a plain-http development origin.
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: env.PUBLIC_URL!.startsWith('https://') ? [] : null },
      },
    }),
  );
  // Only the SPAs the login may return to may call the API from a browser, with their cookies
  // (cookie and session mode) and the X-Requested-With those need for changes.
  app.enableCors({
    origin: allowedOriginsOf(env),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Requested-With'],
    maxAge: 600,
  });
  express.use(personalResponses);
  express.useLogger(new FrameworkQuietLogger(app.get(Logger)));
  // One hop (a load balancer in front of the public origin): req.ip is the address that hop saw,
  // which a client cannot forge by sending its own X-Forwarded-For.
  express.set('trust proxy', env.TRUST_PROXY && !options.behindGateway ? 1 : false);
  express.disable('x-powered-by');
  // No ETags: every answer that names someone is no-store (personalResponses), so a browser never
  // holds a copy to revalidate, and the public ones (JWKS, discovery) carry a max-age. Express would
  // otherwise hash every body it sends: 3 % of a read's CPU (docs/performance.md).
  express.set('etag', false);
  const forwarded = options.forwardedPaths ?? [];
  const parseJson = json({ limit: env.MAX_BODY_BYTES });
  const parseForm = urlencoded({ limit: env.MAX_BODY_BYTES, extended: false });
  express.use((req: Request, res: Response, next: NextFunction) => {
    if (isUnderPathPrefix(req.path, forwarded)) return next();
    parseJson(req, res, (error?: unknown) => (error ? next(error) : parseForm(req, res, next)));
  });
  app.useGlobalPipes(new PlatformValidationPipe());
  app.enableShutdownHooks();
  return app;
}
