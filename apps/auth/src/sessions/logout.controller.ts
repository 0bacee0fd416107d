import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
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
} from '@app/common';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { ServiceAudience } from '@app/security';
import { AuditService } from '../audit/audit.service';
import { Client, type ClientContext } from '../audit/client-context';
import { LocalAccessTokenVerifier } from '../keys/local-access-token-verifier';
import { LogoutDto, RevokeDto } from './logout.dto';
import { Session } from './session.entity';
import { SessionsConfig } from './sessions.config';
import { SessionService } from './session.service';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

@ServiceAudience('auth')
@ApiTags('auth: tokens')
@Controller('auth')
export class LogoutController {
  private readonly cookies: BrowserCookies;
  private readonly origins: string[];

  constructor(
    env: Environment,
    sessionsConfig: SessionsConfig,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly accessTokens: LocalAccessTokenVerifier,
  ) {
    this.cookies = browserCookies(env, sessionsConfig.REFRESH_TOKEN_MAX_AGE);
    this.origins = allowedOriginsOf(env);
  }

  /**
   * Ends the session of this refresh token, or of the browser's refresh or session cookie (then
   * cleared). Answers 204 whatever the token, so it reveals nothing.
   */
  @ApiOperation({
    summary:
      'Ends the session of refresh_token (or, without one, of the refresh or session cookie, which is cleared); its access tokens stop working within 2 s',
  })
  @ApiCookieAuth(API_SECURITY.refreshCookie)
  @ApiCookieAuth(API_SECURITY.sessionCookie)
  @ApiErrors(400, 403, 429)
  @Post('logout')
  @Public()
  @UseGuards(CredentialRateLimitGuard)
  @HttpCode(204)
  async logout(
    @Body() body: LogoutDto,
    @Client() client: ClientContext,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const session = body.refresh_token
      ? await this.sessions.findByRefreshToken(body.refresh_token)
      : await this.cookieSession(request, response);
    if (session && (await this.sessions.end(session.id, 'logout'))) {
      await this.audit.record('logout', { accountId: session.accountId, sessionId: session.id, client });
    }
  }

  /** The session of the browser's refresh or session cookie, which are cleared; 400 without either. */
  private async cookieSession(request: Request, response: Response): Promise<Session | null> {
    const refreshToken = cookieOf(request, this.cookies.refresh.name);
    const sessionSecret = cookieOf(request, this.cookies.session.name);
    if (!refreshToken && !sessionSecret)
      throw new BadRequestException('refresh_token is required (in the body, or the refresh or session cookie)');
    const refusal = crossSiteRefusal(request, this.origins, true);
    if (refusal) throw new ForbiddenException(refusal);
    for (const cookie of [this.cookies.refresh, this.cookies.session]) {
      const { maxAge: _maxAge, ...options } = cookie.options;
      response.clearCookie(cookie.name, options);
    }
    return (
      (refreshToken ? await this.sessions.findByRefreshToken(refreshToken) : null) ??
      (sessionSecret ? await this.sessions.findByBrowserSecret(sessionSecret) : null)
    );
  }

  /**
   * RFC 7009. A refresh token or one of our access tokens ends its session; anything else is
   * ignored, and the answer is 200 either way.
   */
  @ApiOperation({ summary: 'RFC 7009 token revocation' })
  @ApiErrors(400, 429)
  @Post('revoke')
  @Public()
  @UseGuards(CredentialRateLimitGuard)
  @HttpCode(200)
  async revoke(@Body() body: RevokeDto, @Client() client: ClientContext): Promise<void> {
    const session =
      (await this.sessions.findByRefreshToken(body.token)) ??
      (await this.accessTokens.sessionOf(body.token).then((sid) => (sid ? this.sessions.findLive(sid) : null)));
    if (session && (await this.sessions.end(session.id, 'revoked'))) {
      await this.audit.record('session_revoked', { accountId: session.accountId, sessionId: session.id, client });
    }
  }
}
