import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  allowedOriginsOf,
  browserCookies,
  cookieOf,
  crossSiteRefusal,
  type Environment,
  isUnderPathPrefix,
} from '@app/common';
import { BrowserSessionAuthenticator } from './browser-session-authenticator';

/** What a session cookie authenticates: the API and the account's own routes. */
export const SESSION_COOKIE_PATHS = ['/api', '/auth/me', '/auth/sessions', '/auth/logout-all', '/auth/link-tickets'];

/**
 * Session mode (a BFF): a request with the session cookie and no Authorization header runs as that
 * session's user. The cookie is traded for an access token held here, set as the request's bearer
 * token before anything else sees it (Nest's guards, or the proxy to the auth app in split mode).
 * Requests that change state must pass the CSRF rule; a cookie whose session ended is cleared.
 */
export function mountBrowserSessions(app: INestApplication, env: Environment): void {
  const authenticator = app.get(BrowserSessionAuthenticator);
  const { session } = browserCookies(env);
  const origins = allowedOriginsOf(env);
  const { maxAge: _maxAge, ...clearOptions } = session.options;
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.headers.authorization || !isUnderPathPrefix(request.path, SESSION_COOKIE_PATHS)) return next();
    const secret = cookieOf(request, session.name);
    if (!secret) return next();
    const refusal = crossSiteRefusal(request, origins);
    if (refusal) return void response.status(403).json({ statusCode: 403, error: 'Forbidden', message: refusal });
    authenticator.accessTokenFor(secret).then(
      (token) => {
        if (token) request.headers.authorization = `Bearer ${token}`;
        else response.clearCookie(session.name, clearOptions);
        next();
      },
      () =>
        void response
          .status(503)
          .setHeader('Retry-After', '5')
          .json({ statusCode: 503, error: 'Service Unavailable', message: 'the auth service is unreachable' }),
    );
  });
}
