import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Logger,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import { Strategy as FacebookStrategy, type Profile } from 'passport-facebook';
import { browserCookies, Environment } from '@app/common';
import { FacebookConfig } from './facebook.config';
import { Public, ServiceAudience } from '@app/security';
import { Client, type ClientContext, clientContextOf } from '../audit/client-context';
import { rememberSignedIn } from '../browser/hint-cookie';
import { LoginService } from '../login/login.service';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenResponse } from '../tokens/token-response';
import { FacebookRejectedError, FacebookUnavailableError } from './facebook-errors';
import type { FacebookProfile } from './facebook-graph.client';
import { FacebookSdkLoginBody, StartFacebookLoginQuery } from './facebook-login.dto';
import { FACEBOOK, FacebookLoginProvider } from './facebook-login.provider';
import { FacebookSettings } from './facebook-settings';
import { type LoginState, LoginStateCookie } from '../login/login-state-cookie';
import { LoginCodeService } from '../login/login-code.service';

interface ExchangedCode {
  accessToken: string;
  profile: FacebookProfile;
}

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
  private readonly logger = new Logger('FacebookLogin');
  private strategy?: FacebookStrategy;

  constructor(
    private readonly env: Environment,
    private readonly config: FacebookConfig,
    private readonly settings: FacebookSettings,
    private readonly stateCookie: LoginStateCookie,
    private readonly provider: FacebookLoginProvider,
    private readonly logins: LoginService,
    private readonly codes: LoginCodeService,
  ) {}

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
    passport.authenticate(this.facebookStrategy(), { session: false, state, scope: ['email', 'public_profile'] })(
      req,
      res,
      () => undefined,
    );
  }

  @Get('callback')
  @UseGuards(CredentialRateLimitGuard)
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    noTrace(res);
    const login = this.stateCookie.finish(req, res, FACEBOOK);
    if (!login) {
      // Not this browser's login (forged, replayed, expired or started elsewhere): never a code.
      res.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the login state is missing, expired or belongs to another browser; start the login again',
      });
      return;
    }
    if (typeof req.query.error === 'string') {
      return this.back(res, login, {
        error: 'access_denied',
        error_description: 'the Facebook login was cancelled or refused',
      });
    }
    if (typeof req.query.code !== 'string' || !req.query.code) {
      return this.back(res, login, { error: 'invalid_request', error_description: 'Facebook returned no code' });
    }
    const client = clientContextOf(req);
    try {
      const { accessToken, profile } = await this.exchangeCode(req, res).catch(async (error: unknown) => {
        await this.logins.recordFailure(FACEBOOK, error, client);
        throw error;
      });
      // The same path as the SDK flow: a refusal is audited, a banned account refused.
      const identity = await this.logins.authenticate(this.provider, { accessToken, profile }, client);
      const accountId = await this.logins.admit(identity, client);
      if (login.mode === 'session') {
        const { secret, name } = await this.logins.startBrowserSession(accountId, FACEBOOK, client);
        const cookies = browserCookies(this.env);
        res.cookie(cookies.session.name, secret, cookies.session.options);
        rememberSignedIn(res, cookies, name);
        return this.back(res, login, {});
      }
      const code = await this.codes.issue(accountId, FACEBOOK, login.codeChallenge, login.redirectUri);
      return this.back(res, login, { code });
    } catch (error) {
      if (error instanceof ForbiddenException)
        return this.back(res, login, { error: 'access_denied', error_description: 'this account is suspended' });
      if (error instanceof FacebookUnavailableError)
        return this.back(res, login, { error: 'temporarily_unavailable', error_description: error.message });
      if (error instanceof FacebookRejectedError)
        return this.back(res, login, { error: 'access_denied', error_description: error.message });
      this.logger.error(`Facebook login failed: ${(error as Error).message}`);
      return this.back(res, login, { error: 'server_error', error_description: 'the login could not be completed' });
    }
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

  private back(res: Response, login: LoginState, parameters: Record<string, string>): void {
    const target = new URL(login.redirectUri);
    for (const [name, value] of Object.entries(parameters)) target.searchParams.set(name, value);
    res.redirect(302, target.toString());
  }

  /** passport-facebook exchanges the code and fetches the profile, within FACEBOOK_TIMEOUT_MS. */
  private exchangeCode(req: Request, res: Response): Promise<ExchangedCode> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new FacebookUnavailableError('Facebook timed out')),
        this.config.FACEBOOK_TIMEOUT_MS * 2,
      );
      passport.authenticate(
        this.facebookStrategy(),
        { session: false },
        (error: Error | null, user: ExchangedCode | false) => {
          clearTimeout(timer);
          if (error) {
            // passport-facebook turns Facebook's own error body (400, OAuthException) into a FacebookTokenError.
            const status = (error as { oauthError?: { statusCode?: number } }).oauthError?.statusCode;
            const refused = error.name === 'FacebookTokenError' || (status !== undefined && status < 500);
            return reject(
              refused
                ? new FacebookRejectedError('Facebook refused the code')
                : new FacebookUnavailableError('Facebook could not exchange the code'),
            );
          }
          if (!user) return reject(new FacebookRejectedError('Facebook refused the code'));
          resolve(user);
        },
      )(req, res, reject);
    });
  }

  /**
   * A fresh object per request: passport attaches the request's success/fail/redirect to the
   * strategy it is given, so a shared instance would let concurrent logins answer each other.
   */
  private facebookStrategy(): FacebookStrategy {
    return Object.create(this.configuredStrategy()) as FacebookStrategy;
  }

  private configuredStrategy(): FacebookStrategy {
    if (!this.strategy) {
      this.strategy = new FacebookStrategy(
        {
          clientID: this.settings.appId,
          clientSecret: this.settings.appSecret,
          callbackURL: this.settings.callbackUrl,
          authorizationURL: this.settings.dialogUrl,
          tokenURL: `${this.settings.graphUrl}/oauth/access_token`,
          profileURL: `${this.settings.graphUrl}/me`,
          profileFields: ['id', 'displayName', 'emails'],
          enableProof: true,
        },
        (
          accessToken: string,
          _refreshToken: string,
          profile: Profile,
          done: (error: null, user: ExchangedCode) => void,
        ) => {
          done(null, {
            accessToken,
            profile: { id: profile.id, name: profile.displayName, email: profile.emails?.[0]?.value },
          });
        },
      );
      // The user token goes in the Authorization header, not the profile URL's query string.
      (
        this.strategy as unknown as { _oauth2: { useAuthorizationHeaderforGET(use: boolean): void } }
      )._oauth2.useAuthorizationHeaderforGET(true);
    }
    return this.strategy;
  }
}
