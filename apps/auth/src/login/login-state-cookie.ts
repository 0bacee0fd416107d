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
  /** The account a link ticket named: the provider's login joins it instead of signing in on its own. */
  linkAccountId?: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** What the SPA asked for when it started the login. */
export type LoginIntent = Pick<LoginState, 'redirectUri' | 'mode' | 'linkAccountId'> & { codeChallenge?: string };

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

  /** Starts a login in this browser: sets its cookie and answers its state (`state` goes to the provider). */
  start(response: Response, provider: string, intent: LoginIntent): LoginState {
    const login: LoginState = {
      state: randomBytes(32).toString('base64url'),
      redirectUri: intent.redirectUri,
      mode: intent.mode,
      codeChallenge: intent.codeChallenge ?? '',
      ...(intent.linkAccountId ? { linkAccountId: intent.linkAccountId } : {}),
      expiresAt: Date.now() + LIFETIME_MS,
    };
    const body = Buffer.from(JSON.stringify(login)).toString('base64url');
    response.cookie(cookieName(provider), `${body}.${this.sign(body)}`, this.options(provider));
    return login;
  }

  /**
   * A secret of this login that only this server can work out again at the callback, for what the
   * provider must see bound to it (an OIDC `nonce`, a PKCE verifier): it never travels in the cookie.
   */
  derive(login: LoginState, purpose: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\0${login.state}`).digest('base64url');
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
