import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { cookieOf, Environment } from '@app/common';
import { LoginConfig } from './login.config';

/** What the browser carries between leaving for Facebook and coming back. */
export interface LoginState {
  state: string;
  redirectUri: string;
  /** `code` (memory and cookie mode: a one-time code for the SPA to redeem) or `session` (a session cookie, no code). */
  mode: LoginMode;
  /** The PKCE challenge of a `code` login. */
  codeChallenge: string;
  /** Epoch ms. */
  expiresAt: number;
}

export type LoginMode = 'code' | 'session';

const LIFETIME_MS = 10 * 60 * 1000;
const cookieName = (provider: string) => `${provider}_login_state`;

/**
 * Binds a login to the browser that started it: a short-lived, HMAC-signed, HttpOnly cookie per
 * provider (`<provider>_login_state` on `/auth/<provider>`) holding the `state` sent to the
 * provider, the redirect target, the mode and the PKCE challenge. A callback whose `state` does not
 * match this browser's cookie never yields a login.
 */
@Injectable()
export class LoginStateCookie {
  private readonly secret: Buffer;

  constructor(
    private readonly env: Environment,
    config: LoginConfig,
  ) {
    if (config.AUTH_COOKIE_SECRET) {
      this.secret = Buffer.from(config.AUTH_COOKIE_SECRET);
    } else {
      this.secret = randomBytes(32);
      if (env.NODE_ENV === 'production') {
        new Logger('LoginState').warn(
          'AUTH_COOKIE_SECRET is not set: logins in flight fail across restarts and between replicas',
        );
      }
    }
  }

  /** Starts a login in this browser: sets its cookie and answers the `state` to send to the provider. */
  start(response: Response, provider: string, redirectUri: string, mode: LoginMode, codeChallenge = ''): string {
    const { state, cookie } = this.issue(redirectUri, mode, codeChallenge);
    response.cookie(cookieName(provider), cookie, this.options(provider));
    return state;
  }

  /**
   * The login this browser started with `provider`, if the `state` the provider sent back is its
   * own; the cookie is cleared either way, so a callback works once.
   */
  finish(request: Request, response: Response, provider: string): LoginState | undefined {
    const login = this.read(cookieOf(request, cookieName(provider)));
    const { maxAge: _maxAge, ...options } = this.options(provider);
    response.clearCookie(cookieName(provider), options);
    return login && this.matches(login, request.query.state) ? login : undefined;
  }

  private issue(redirectUri: string, mode: LoginMode, codeChallenge: string): { state: string; cookie: string } {
    const state = randomBytes(32).toString('base64url');
    const login: LoginState = { state, redirectUri, mode, codeChallenge, expiresAt: Date.now() + LIFETIME_MS };
    const body = Buffer.from(JSON.stringify(login)).toString('base64url');
    return { state, cookie: `${body}.${this.sign(body)}` };
  }

  /** The state this browser started, if its cookie is authentic and fresh. */
  private read(cookie: unknown): LoginState | undefined {
    if (typeof cookie !== 'string') return undefined;
    const [body, signature, extra] = cookie.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(body));
    const presented = Buffer.from(signature);
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined;
    try {
      const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LoginState;
      return state.expiresAt > Date.now() ? state : undefined;
    } catch {
      return undefined;
    }
  }

  /** Does the `state` the provider sent back belong to this login? Constant-time. */
  private matches(login: LoginState, returnedState: unknown): boolean {
    if (typeof returnedState !== 'string') return false;
    const a = Buffer.from(login.state);
    const b = Buffer.from(returnedState);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private options(provider: string): CookieOptions {
    return {
      httpOnly: true,
      secure: this.env.PUBLIC_URL!.startsWith('https://'),
      // Lax: sent on the top-level redirect back from the provider, not on cross-site subrequests.
      sameSite: 'lax',
      path: `/auth/${provider}`,
      maxAge: LIFETIME_MS,
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
