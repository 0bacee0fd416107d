import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import { type BrowserCookies, browserCookies, Environment } from '@app/common';
import { Public, ServiceAudience } from '@app/security';
import { Client, type ClientContext, clientContextOf } from '../audit/client-context';
import { rememberSignedIn } from '../browser/hint-cookie';
import { backToSpa, LoginCallbackFilter } from '../login/login-callback.filter';
import { LoginCodeService } from '../login/login-code.service';
import { type LoginState, LoginStateCookie } from '../login/login-state-cookie';
import { CurrentLogin, LoginStateGuard } from '../login/login-state.guard';
import { LoginService } from '../login/login.service';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { SessionsConfig } from '../sessions/sessions.config';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenResponse } from '../tokens/token-response';
import { FacebookAuthGuard } from './facebook-auth.guard';
import { FacebookRejectedError, FacebookUnavailableError } from './facebook-errors';
import { FacebookSdkLoginBody, StartFacebookLoginQuery } from './facebook-login.dto';
import { FACEBOOK, FacebookLoginProvider } from './facebook-login.provider';
import { type ExchangedCode, FACEBOOK_STRATEGY } from './facebook.strategy';

const noTrace = (res: Response) => {
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
};

/**
 * Facebook login for SPAs. Redirect flow: the SPA sends the browser to GET /auth/facebook with a
 * PKCE challenge, Facebook sends it back to /callback, and the SPA gets a one-time code (never a
 * token in a URL) to redeem at POST /auth/token. SDK flow: POST /auth/facebook/token.
 */
@Controller('auth/facebook')
@ServiceAudience('auth')
@Public()
export class FacebookLoginController {
  private readonly cookies: BrowserCookies;

  constructor(
    private readonly env: Environment,
    sessions: SessionsConfig,
    private readonly stateCookie: LoginStateCookie,
    private readonly provider: FacebookLoginProvider,
    private readonly logins: LoginService,
    private readonly codes: LoginCodeService,
  ) {
    this.cookies = browserCookies(env, sessions.REFRESH_TOKEN_MAX_AGE);
  }

  @Get()
  @UseGuards(CredentialRateLimitGuard)
  start(@Query() query: StartFacebookLoginQuery, @Req() req: Request, @Res() res: Response): void {
    noTrace(res);
    // Exact match only: no prefixes, no normalisation, so no open redirect.
    if (!(this.env.ALLOWED_REDIRECT_URIS ?? []).includes(query.redirect_uri)) {
      throw new BadRequestException('redirect_uri is not one of ALLOWED_REDIRECT_URIS');
    }
    const state =
      query.mode === 'session'
        ? this.stateCookie.start(res, FACEBOOK, query.redirect_uri, 'session')
        : this.stateCookie.start(res, FACEBOOK, query.redirect_uri, 'code', query.code_challenge);
    passport.authenticate(FACEBOOK_STRATEGY, { session: false, state, scope: ['email', 'public_profile'] })(
      req,
      res,
      () => undefined,
    );
  }

  @Get('callback')
  @UseGuards(CredentialRateLimitGuard, LoginStateGuard(FACEBOOK), FacebookAuthGuard)
  @UseFilters(LoginCallbackFilter)
  async callback(
    @CurrentLogin() login: LoginState,
    @Req() req: Request & { user: ExchangedCode },
    @Res() res: Response,
  ): Promise<void> {
    noTrace(res);
    const client = clientContextOf(req);
    // The same path as the SDK flow: a refusal is audited, a banned account refused.
    const identity = await this.logins.authenticate(this.provider, req.user, client);
    const accountId = await this.logins.admit(identity, client);
    if (login.mode === 'session') {
      const { secret, name } = await this.logins.startBrowserSession(accountId, FACEBOOK, client);
      res.cookie(this.cookies.session.name, secret, this.cookies.session.options);
      rememberSignedIn(res, this.cookies, name);
      return backToSpa(res, login.redirectUri, {});
    }
    const code = await this.codes.issue(accountId, FACEBOOK, login.codeChallenge, login.redirectUri);
    return backToSpa(res, login.redirectUri, { code });
  }

  /** The JavaScript SDK flow: the SPA posts the user token the SDK gave it. */
  @Post('token')
  @HttpCode(200)
  @UseGuards(CredentialRateLimitGuard)
  async sdkLogin(
    @Body() body: FacebookSdkLoginBody,
    @Client() client: ClientContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      return (await this.logins.loginWith(this.provider, { accessToken: body.access_token }, client)).tokens;
    } catch (error) {
      if (error instanceof FacebookRejectedError)
        throw new OAuthException('invalid_token', error.message, HttpStatus.UNAUTHORIZED);
      if (error instanceof FacebookUnavailableError)
        throw new OAuthException('temporarily_unavailable', error.message, HttpStatus.SERVICE_UNAVAILABLE);
      throw error;
    }
  }
}
