import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { Client, type ClientContext } from '../audit/client-context';
import { LiveSessionGuard } from './live-session.guard';
import { SessionService } from '../sessions/session.service';
import { sessionView } from '../sessions/session-view';
import type { SessionView } from '@app/contracts';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSignedIn } from '@app/common';

@ServiceAudience('auth')
@ApiTags('auth: account')
@ApiSignedIn()
@Controller('auth/sessions')
@UseGuards(LiveSessionGuard)
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  /** The caller's live sessions (never a token). */
  @ApiOperation({ summary: 'The account’s live sessions (never a token)' })
  @Get()
  async list(@CurrentUser() auth: AccessTokenClaims): Promise<SessionView[]> {
    const sessions = await this.sessions.listLive(auth.sub);
    return sessions.map((session) => sessionView(session, auth.sid));
  }

  /** Ends one of the caller's sessions; someone else's is 404, as if it did not exist. */
  @ApiOperation({ summary: 'Revokes one of them; its tokens stop working within 2 s' })
  @ApiErrors(400, 403, 404)
  @Delete(':id')
  @HttpCode(204)
  async revoke(
    @CurrentUser() auth: AccessTokenClaims,
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.sessions.revokeOwn(auth.sub, id, { client });
  }
}
