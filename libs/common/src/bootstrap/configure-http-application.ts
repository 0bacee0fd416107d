import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { Environment } from '../config/environment';
import { stampArrival } from './request-arrival';

/**
 * Everything an HTTP app needs beyond its modules, shared by `main.ts` and the e2e tests so that
 * what is tested is what runs: pino logger, body limits, proxy trust, validation, shutdown hooks.
 * The app must be created with `bodyParser: false` so the limits here are the only parsers.
 */
export function configureHttpApplication(app: INestApplication, env: Environment): INestApplication {
  const express = app as NestExpressApplication;
  express.use(stampArrival);
  express.use(cookieParser());
  express.use(
    helmet({
      referrerPolicy: { policy: 'no-referrer' },
      // Upgrading requests to https would break a plain-http development origin.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: env.PUBLIC_URL!.startsWith('https://') ? [] : null } },
    }),
  );
  // Only the SPAs the login may return to may call the API from a browser.
  const origins = [...new Set((env.ALLOWED_REDIRECT_URIS ?? []).map((uri) => new URL(uri).origin))];
  app.enableCors({ origin: origins, credentials: false, methods: ['GET', 'POST', 'PUT', 'DELETE'], allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 });
  express.useLogger(app.get(Logger));
  // One hop (the gateway or a load balancer): req.ip is the address that hop saw, which a client
  // cannot forge by sending its own X-Forwarded-For.
  express.set('trust proxy', env.TRUST_PROXY ? 1 : false);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: env.MAX_BODY_BYTES });
  express.useBodyParser('urlencoded', { limit: env.MAX_BODY_BYTES, extended: false });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  return app;
}
