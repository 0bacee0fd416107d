import { BadRequestException, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type BrowserCookies, browserCookies, Environment } from '@app/common';
import { clientContextOf } from '../audit/client-context';
import { rememberSignedIn } from '../browser/hint-cookie';
import { LinkTicketService } from '../linking/link-ticket.service';
import { SessionsConfig } from '../sessions/sessions.config';
import { backToSpa } from './login-callback.filter';
import { LoginCodeService } from './login-code.service';
import type { ProviderIdentity } from './login-provider';
import { type LoginState, LoginStateCookie } from './login-state-cookie';
import { LoginService } from './login.service';
import type { StartLoginQuery } from './start-login.query';

/** Nothing of a login page or callback is cached, and the next page learns nothing from the Referer. */
export const noTrace = (res: Response): void => {
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
};

/**
 * The provider-neutral halves of every redirect login, so each provider only talks to its own
 * service in between: `begin` checks what the SPA asked for (its redirect URI, PKCE challenge or
 * session mode, a link ticket) and binds it to the browser; `complete` turns the identity the
 * provider vouched for into a login code or a session cookie, or a link to the ticket's account.
 */
@Injectable()
export class RedirectLogin {
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly env: Environment,
    sessions: SessionsConfig,
    private readonly states: LoginStateCookie,
    private readonly logins: LoginService,
    private readonly codes: LoginCodeService,
    private readonly tickets: LinkTicketService,
  ) {
    this.cookies = browserCookies(env, sessions.REFRESH_TOKEN_MAX_AGE);
  }

  /** The login state to send to `provider` (its `state`, and what to derive a nonce or verifier from). */
  async begin(provider: string, query: StartLoginQuery, res: Response): Promise<LoginState> {
    noTrace(res);
    // Exact match only: no prefixes, no normalisation, so no open redirect.
    if (!(this.env.ALLOWED_REDIRECT_URIS ?? []).includes(query.redirect_uri)) {
      throw new BadRequestException('redirect_uri is not one of ALLOWED_REDIRECT_URIS');
    }
    const linkAccountId = query.link_ticket ? await this.tickets.redeem(query.link_ticket) : undefined;
    return this.states.start(res, provider, {
      redirectUri: query.redirect_uri,
      mode: query.mode === 'session' ? 'session' : 'code',
      codeChallenge: query.code_challenge,
      linkAccountId,
    });
  }

  /** Back to the SPA signed in: with a one-time code, or (session mode) a session cookie and no code. */
  async complete(login: LoginState, identity: ProviderIdentity, req: Request, res: Response): Promise<void> {
    noTrace(res);
    const client = clientContextOf(req);
    const accountId = login.linkAccountId
      ? await this.logins.link(identity, login.linkAccountId, client)
      : await this.logins.admit(identity, client);
    const linked: Record<string, string> = login.linkAccountId ? { linked: identity.provider } : {};
    if (login.mode === 'session') {
      const { secret, name } = await this.logins.startBrowserSession(accountId, identity.provider, client);
      res.cookie(this.cookies.session.name, secret, this.cookies.session.options);
      rememberSignedIn(res, this.cookies, name);
      return backToSpa(res, login.redirectUri, linked);
    }
    const code = await this.codes.issue(accountId, identity.provider, login.codeChallenge, login.redirectUri);
    return backToSpa(res, login.redirectUri, { code, ...linked });
  }
}
