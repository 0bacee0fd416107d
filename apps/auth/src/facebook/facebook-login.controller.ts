import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import passport from 'passport';
import { Public, ServiceAudience } from '@app/security';
import { Client, type ClientContext, clientContextOf } from '../audit/client-context';
import { LoginCallbackFilter } from '../login/login-callback.filter';
import type { LoginState } from '../login/login-state-cookie';
import { CurrentLogin, LoginStateGuard } from '../login/login-state.guard';
import { LoginService } from '../login/login.service';
import { ApiProviderTokenLogin, providerTokenLogin } from '../login/provider-token-login';
import { RedirectLogin } from '../login/redirect-login';
import { StartLoginQuery } from '../login/start-login.query';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import type { TokenResponse } from '../tokens/token-response';
import { FacebookAuthGuard } from './facebook-auth.guard';
import { FacebookSdkLoginBody } from './facebook-login.dto';
import { FACEBOOK, FacebookLoginProvider } from './facebook-login.provider';
import { type ExchangedCode, FACEBOOK_STRATEGY } from './facebook.strategy';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@app/common';

/**
 * Facebook login for SPAs. Redirect flow: the SPA sends the browser to GET /auth/facebook with a
 * PKCE challenge, Facebook sends it back to /callback, and the SPA gets a one-time code (never a
 * token in a URL) to redeem at POST /auth/token. SDK flow: POST /auth/facebook/token.
 */
@ApiTags('auth: facebook')
@Controller('auth/facebook')
@ServiceAudience('auth')
@Public()
export class FacebookLoginController {
  constructor(
    private readonly redirect: RedirectLogin,
    private readonly provider: FacebookLoginProvider,
    private readonly logins: LoginService,
  ) {}

  @ApiOperation({
    summary:
      'Starts the Facebook login: 302 to Facebook (state bound to this browser); mode=session for session mode, link_ticket to link',
  })
  @ApiResponse({ status: 302, description: 'to the provider' })
  @ApiErrors(400, 429)
  @Get()
  @UseGuards(CredentialRateLimitGuard)
  async start(@Query() query: StartLoginQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { state } = await this.redirect.begin(FACEBOOK, query, res);
    passport.authenticate(FACEBOOK_STRATEGY, { session: false, state, scope: ['email', 'public_profile'] })(
      req,
      res,
      () => undefined,
    );
  }

  @ApiOperation({
    summary:
      'Facebook comes back here: 302 to redirect_uri with a one-time code (or a session cookie), or with error=…',
  })
  @ApiResponse({ status: 302, description: 'back to the SPA' })
  @ApiErrors(400, 429)
  @Get('callback')
  @UseGuards(CredentialRateLimitGuard, LoginStateGuard(FACEBOOK), FacebookAuthGuard)
  @UseFilters(LoginCallbackFilter)
  async callback(
    @CurrentLogin() login: LoginState,
    @Req() req: Request & { user: ExchangedCode },
    @Res() res: Response,
  ): Promise<void> {
    // The same path as the SDK flow: a refusal is audited, a banned account refused.
    const identity = await this.logins.authenticate(this.provider, req.user, clientContextOf(req));
    await this.redirect.complete(login, identity, req, res);
  }

  /** The JavaScript SDK flow: the SPA posts the user token the SDK gave it. */
  @ApiProviderTokenLogin('access_token (a JavaScript-SDK user token)')
  @Post('token')
  @HttpCode(200)
  @UseGuards(CredentialRateLimitGuard)
  async sdkLogin(
    @Body() body: FacebookSdkLoginBody,
    @Client() client: ClientContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    res.setHeader('Cache-Control', 'no-store');
    return providerTokenLogin(this.logins.loginWith(this.provider, { accessToken: body.access_token }, client));
  }
}
