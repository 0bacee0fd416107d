import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { AuditService } from '../audit/audit.service';
import { Client, type ClientContext } from '../audit/client-context';
import { SessionService } from '../sessions/session.service';
import { LiveSessionGuard } from './live-session.guard';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSignedIn } from '@app/common';

@ServiceAudience('auth')
@ApiTags('auth: account')
@Controller('auth')
export class LogoutAllController {
  constructor(
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** Ends every session of the caller's account. */
  @ApiOperation({ summary: 'Ends every session of the account' })
  @ApiSignedIn()
  @ApiErrors(403)
  @Post('logout-all')
  @UseGuards(LiveSessionGuard)
  @HttpCode(204)
  async logoutAll(@CurrentUser() auth: AccessTokenClaims, @Client() client: ClientContext): Promise<void> {
    const ended = await this.sessions.endAll(auth.sub, 'logout_all');
    await this.audit.record('logout_all', {
      accountId: auth.sub,
      sessionId: auth.sid,
      client,
      detail: { sessionsEnded: ended },
    });
  }
}
