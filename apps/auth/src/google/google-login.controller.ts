import {
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
import { Public, ServiceAudience } from '@app/security';
import { Client, type ClientContext, clientContextOf } from '../audit/client-context';
import { LoginCallbackFilter } from '../login/login-callback.filter';
import { type LoginState, LoginStateCookie } from '../login/login-state-cookie';
import { CurrentLogin, LoginStateGuard } from '../login/login-state.guard';
import { LoginService } from '../login/login.service';
import { LoginCancelledError, MissingCodeError } from '../login/provider-errors';
import { ApiProviderTokenLogin, providerTokenLogin } from '../login/provider-token-login';
import { RedirectLogin } from '../login/redirect-login';
import { OAuthException } from '../shared/oauth.exception';
import { StartLoginQuery } from '../login/start-login.query';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import type { TokenResponse } from '../tokens/token-response';
import { GoogleUnavailableError } from './google-errors';
import { GoogleCredentialBody } from './google-login.dto';
import { GOOGLE, GoogleLoginProvider } from './google-login.provider';
import { GoogleOpenIdClient } from './google-openid.client';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '@app/common';

/**
 * Google sign-in for SPAs, the same shapes as Facebook's. Redirect flow: GET /auth/google with
 * the SPA's PKCE challenge (or `mode=session`); Google comes back to /callback; the SPA gets a
 * one-time code. Our own leg to Google carries `state`, a `nonce` and PKCE of its own, all derived
 * from this browser's login state. Google Identity Services: POST /auth/google/token {id_token}.
 */
@ApiTags('auth: google')
@Controller('auth/google')
@ServiceAudience('auth')
@Public()
export class GoogleLoginController {
  constructor(
    private readonly redirect: RedirectLogin,
    private readonly states: LoginStateCookie,
    private readonly google: GoogleOpenIdClient,
    private readonly provider: GoogleLoginProvider,
    private readonly logins: LoginService,
  ) {}

  @ApiOperation({
    summary:
      'Starts the Google login: 302 to Google (state bound to this browser); mode=session for session mode, link_ticket to link',
  })
  @ApiResponse({ status: 302, description: 'to the provider' })
  @ApiErrors(400, 429)
  @Get()
  @UseGuards(CredentialRateLimitGuard)
  async start(@Query() query: StartLoginQuery, @Res() res: Response): Promise<void> {
    const login = await this.redirect.begin(GOOGLE, query, res);
    try {
      const target = await this.google.authorizationUrl(
        login.state,
        this.states.derive(login, 'nonce'),
        this.states.derive(login, 'pkce'),
      );
      res.redirect(302, target.toString());
    } catch (error) {
      if (error instanceof GoogleUnavailableError)
        throw new OAuthException('temporarily_unavailable', error.message, HttpStatus.SERVICE_UNAVAILABLE);
      throw error;
    }
  }

  @ApiOperation({
    summary: 'Google comes back here: 302 to redirect_uri with a one-time code (or a session cookie), or with error=…',
  })
  @ApiResponse({ status: 302, description: 'back to the SPA' })
  @ApiErrors(400, 429)
  @Get('callback')
  @UseGuards(CredentialRateLimitGuard, LoginStateGuard(GOOGLE))
  @UseFilters(LoginCallbackFilter)
  async callback(@CurrentLogin() login: LoginState, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (typeof req.query.error === 'string') throw new LoginCancelledError('the Google login was cancelled or refused');
    if (typeof req.query.code !== 'string' || !req.query.code) throw new MissingCodeError('Google returned no code');
    const checks = {
      state: login.state,
      nonce: this.states.derive(login, 'nonce'),
      codeVerifier: this.states.derive(login, 'pkce'),
    };
    const identity = await this.logins.authenticate(
      this.provider,
      { callback: req.query, checks },
      clientContextOf(req),
    );
    await this.redirect.complete(login, identity, req, res);
  }

  /** Google Identity Services (one-tap, the button): the SPA posts the credential it was handed. */
  @ApiProviderTokenLogin('id_token (Google Identity Services’ credential)')
  @Post('token')
  @HttpCode(200)
  @UseGuards(CredentialRateLimitGuard)
  async credentialLogin(
    @Body() body: GoogleCredentialBody,
    @Client() client: ClientContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    res.setHeader('Cache-Control', 'no-store');
    return providerTokenLogin(this.logins.loginWith(this.provider, { idToken: body.id_token }, client));
  }
}
