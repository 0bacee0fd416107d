import type { CookieOptions } from 'express';
import type { IncomingMessage } from 'node:http';
import { parse } from 'cookie';
import type { Environment } from '../config/environment';

export interface BrowserCookie {
  name: string;
  options: CookieOptions;
}

/** The cookies a browser holds in cookie and session mode; none of them is readable by JavaScript. */
export interface BrowserCookies {
  /** Cookie mode: the refresh token, sent only to /auth. */
  refresh: BrowserCookie;
  /** Session mode: the opaque browser-session secret, sent to /auth and /api. */
  session: BrowserCookie;
  /** Not a credential: the name of whoever signed in here last, for "Continue as …". */
  hint: BrowserCookie;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Names and options from PUBLIC_URL: on https the cookies are Secure and prefixed (`__Host-` for
 * the session cookie, which is host-wide; `__Secure-` for the refresh cookie, whose path is /auth),
 * so a sibling subdomain or a plain-http page cannot set or overwrite them.
 */
export function browserCookies(env: Environment, sessionLifetimeSeconds?: number): BrowserCookies {
  const secure = env.PUBLIC_URL!.startsWith('https://');
  // Callers that only read or clear the cookies need no lifetime.
  const lifetime = sessionLifetimeSeconds === undefined ? undefined : sessionLifetimeSeconds * 1000;
  return {
    refresh: {
      name: secure ? '__Secure-auth_refresh' : 'auth_refresh',
      options: { httpOnly: true, secure, sameSite: 'strict', path: '/auth', maxAge: lifetime },
    },
    session: {
      name: secure ? '__Host-auth_session' : 'auth_session',
      options: { httpOnly: true, secure, sameSite: 'strict', path: '/', maxAge: lifetime },
    },
    hint: {
      name: secure ? '__Secure-auth_hint' : 'auth_hint',
      options: { httpOnly: true, secure, sameSite: 'lax', path: '/auth', maxAge: YEAR_MS },
    },
  };
}

/** The value of one cookie of a request, parsed from its Cookie header (empty counts as absent). */
export function cookieOf(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[name];
  return value ? value : undefined;
}

/** The origins of ALLOWED_REDIRECT_URIS: the SPAs that may call the platform from a browser. */
export const allowedOriginsOf = (env: Environment): string[] => [
  ...new Set((env.ALLOWED_REDIRECT_URIS ?? []).map((uri) => new URL(uri).origin)),
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF rule for requests a cookie authenticates: one that changes state must carry
 * `X-Requested-With` (a header a cross-site form cannot send, and a cross-site script cannot send
 * without a CORS preflight we refuse) and, where the browser sent an Origin, one of the SPA
 * origins. Answers why a request breaks the rule, or undefined.
 */
export function crossSiteRefusal(
  request: IncomingMessage,
  allowedOrigins: string[],
  changesState = !SAFE_METHODS.has(request.method ?? 'GET'),
): string | undefined {
  if (!changesState) return undefined;
  if (!request.headers['x-requested-with'])
    return 'a cookie-authenticated request that changes state must send X-Requested-With';
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) return 'this origin may not use the session cookie';
  return undefined;
}
