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
  API_SECURITY,
  ApiErrors,
  OAuthErrorBody,
} from '@app/common';
import { ServiceAudience } from '@app/security';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { Client, type ClientContext } from '../audit/client-context';
import { SessionsConfig } from '../sessions/sessions.config';
import { OAuthException } from '../shared/oauth.exception';
import { TokenGrantRegistry } from './token-grant-registry';
import { tokenParametersOf } from './token-parameters';
import type { TokenResponse } from './token-response';
import {
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';

/** `refresh_token_delivery=cookie`: the refresh token goes in the HttpOnly refresh cookie, not the body. */
const COOKIE_DELIVERY = 'cookie';

const TOKEN_REQUEST_SCHEMA = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: {
      type: 'string',
      enum: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:token-exchange',
      ],
    },
    code: { type: 'string', description: 'authorization_code: the one-time login code' },
    code_verifier: { type: 'string', description: 'authorization_code: the PKCE verifier' },
    redirect_uri: { type: 'string', description: 'authorization_code: as the login started with' },
    refresh_token_delivery: {
      type: 'string',
      enum: ['cookie'],
      description: 'cookie mode: the refresh token goes in an HttpOnly cookie',
    },
    refresh_token: { type: 'string', description: 'refresh_token: absent in cookie mode (the cookie is used)' },
    client_id: { type: 'string' },
    client_secret: { type: 'string' },
    scope: { type: 'string' },
    subject_token: { type: 'string', description: 'token exchange: the user’s access token' },
    subject_token_type: { type: 'string' },
    audience: { type: 'string' },
  },
};

const TOKEN_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in'],
  properties: {
    access_token: { type: 'string', example: 'eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9…' },
    token_type: { type: 'string', example: 'Bearer' },
    expires_in: { type: 'integer', example: 900 },
    refresh_token: { type: 'string', description: 'absent in cookie mode and for service tokens' },
  },
};

@ServiceAudience('auth')
@ApiTags('auth: tokens')
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
  @ApiOperation({
    summary:
      'OAuth 2.0 token endpoint: authorization_code (PKCE), refresh_token (or the refresh cookie), client_credentials, token exchange (RFC 8693)',
  })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ schema: TOKEN_REQUEST_SCHEMA })
  @ApiOkResponse({ description: 'Cache-Control: no-store', schema: TOKEN_RESPONSE_SCHEMA })
  @ApiResponse({
    status: 400,
    description: 'invalid_grant, invalid_request, unsupported_grant_type, invalid_scope, invalid_target',
    type: OAuthErrorBody,
  })
  @ApiResponse({ status: 401, description: 'invalid_client', type: OAuthErrorBody })
  @ApiCookieAuth(API_SECURITY.refreshCookie)
  @ApiErrors(403, 429)
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
