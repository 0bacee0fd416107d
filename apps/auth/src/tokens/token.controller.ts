import { Body, Controller, ForbiddenException, Headers, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  allowedOriginsOf,
  type BrowserCookies,
  browserCookies,
  cookieOf,
  crossSiteRefusal,
  Environment,
  Public,
} from '@app/common';
import { ServiceAudience } from '@app/security';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { Client, type ClientContext } from '../audit/client-context';
import { SessionsConfig } from '../sessions/sessions.config';
import { OAuthException } from '../shared/oauth.exception';
import { TokenGrantRegistry } from './token-grant-registry';
import { tokenParametersOf } from './token-parameters';
import type { TokenResponse } from './token-response';

/** `refresh_token_delivery=cookie`: the refresh token goes in the HttpOnly refresh cookie, not the body. */
const COOKIE_DELIVERY = 'cookie';

@ServiceAudience('auth')
@Controller('auth')
@UseGuards(CredentialRateLimitGuard)
export class TokenController {
  private readonly cookies: BrowserCookies;
  private readonly origins: string[];

  constructor(
    env: Environment,
    sessions: SessionsConfig,
    private readonly grants: TokenGrantRegistry,
  ) {
    this.cookies = browserCookies(env, sessions.REFRESH_TOKEN_MAX_AGE);
    this.origins = allowedOriginsOf(env);
  }

  /**
   * RFC 6749 token endpoint; JSON or form body; every answer `Cache-Control: no-store`. Cookie mode:
   * the code grant with `refresh_token_delivery=cookie`, and the refresh grant without a
   * `refresh_token` parameter, keep the refresh token in the refresh cookie, out of JavaScript's reach.
   */
  @Post('token')
  @Public()
  @HttpCode(200)
  async token(
    @Body() body: unknown,
    @Client() client: ClientContext,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    let parameters = tokenParametersOf(body);
    if (!parameters.grant_type) throw new OAuthException('invalid_request', 'grant_type is required');
    const fromCookie = parameters.grant_type === 'refresh_token' && !parameters.refresh_token;
    if (fromCookie) {
      const cookie = cookieOf(request, this.cookies.refresh.name);
      if (!cookie)
        throw new OAuthException('invalid_request', 'refresh_token is required (in the body or the refresh cookie)');
      const refusal = crossSiteRefusal(request, this.origins, true);
      if (refusal) throw new ForbiddenException(refusal);
      parameters = { ...parameters, refresh_token: cookie };
    }
    const toCookie = fromCookie || parameters.refresh_token_delivery === COOKIE_DELIVERY;
    let tokens: TokenResponse;
    try {
      tokens = await this.grants.grantFor(parameters.grant_type).handle(parameters, client, authorization);
    } catch (error) {
      // A refresh cookie the platform refused is of no more use to the browser.
      if (fromCookie && error instanceof OAuthException && error.error === 'invalid_grant') {
        const { maxAge: _maxAge, ...options } = this.cookies.refresh.options;
        response.clearCookie(this.cookies.refresh.name, options);
      }
      throw error;
    }
    if (!toCookie || !tokens.refresh_token) return tokens;
    const { refresh_token: refreshToken, ...withoutRefreshToken } = tokens;
    response.cookie(this.cookies.refresh.name, refreshToken, this.cookies.refresh.options);
    return withoutRefreshToken;
  }
}
