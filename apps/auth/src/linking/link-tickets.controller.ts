import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { LiveSessionGuard } from '../me/live-session.guard';
import { LinkTicketService } from './link-ticket.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSignedIn } from '@app/common';

@ServiceAudience('auth')
@ApiTags('auth: account')
@ApiSignedIn()
@Controller('auth/link-tickets')
@UseGuards(LiveSessionGuard)
export class LinkTicketsController {
  constructor(private readonly tickets: LinkTicketService) {}

  /**
   * A ticket for `GET /auth/<provider>?...&link_ticket=`: the login that follows joins the caller's
   * account instead of signing in to (or creating) the one its identity holds.
   */
  @ApiOperation({ summary: 'A link ticket (60 s, single use) for GET /auth/<provider>?…&link_ticket=' })
  @ApiErrors(403)
  @Post()
  @HttpCode(201)
  async create(@CurrentUser() auth: AccessTokenClaims): Promise<{ ticket: string; expires_in: number }> {
    const { ticket, expiresIn } = await this.tickets.issue(auth.sub, auth.sid!);
    return { ticket, expires_in: expiresIn };
  }
}
