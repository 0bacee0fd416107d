import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '@app/common';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { AuditService } from '../audit/audit.service';
import { Client, type ClientContext } from '../audit/client-context';
import { LiveSessionGuard } from '../bearer/live-session.guard';
import { LocalAccessTokenVerifier } from '../tokens/local-access-token-verifier';
import { LogoutDto, RevokeDto } from './logout.dto';
import { SessionService } from './session.service';

@ServiceAudience('auth')
@Controller('auth')
export class LogoutController {
  constructor(
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly accessTokens: LocalAccessTokenVerifier,
  ) {}

  /** Ends the session of this refresh token. Answers 204 whatever the token, so it reveals nothing. */
  @Post('logout')
  @Public()
  @UseGuards(CredentialRateLimitGuard)
  @HttpCode(204)
  async logout(@Body() body: LogoutDto, @Client() client: ClientContext): Promise<void> {
    const session = await this.sessions.findByRefreshToken(body.refresh_token);
    if (session && (await this.sessions.end(session.id, 'logout'))) {
      await this.audit.record('logout', { accountId: session.accountId, sessionId: session.id, client });
    }
  }

  /** Ends every session of the caller's account. */
  @Post('logout-all')
  @UseGuards(LiveSessionGuard)
  @HttpCode(204)
  async logoutAll(@CurrentUser() auth: AccessTokenClaims, @Client() client: ClientContext): Promise<void> {
    const ended = await this.sessions.endAll(auth.sub, 'logout_all');
    await this.audit.record('logout_all', { accountId: auth.sub, sessionId: auth.sid, client, detail: { sessionsEnded: ended } });
  }

  /**
   * RFC 7009. A refresh token or one of our access tokens ends its session; anything else is
   * ignored, and the answer is 200 either way.
   */
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
