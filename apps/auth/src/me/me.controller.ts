import { Controller, Get, UseGuards } from '@nestjs/common';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { LiveSessionGuard } from './live-session.guard';
import { AccountService } from '../accounts/account.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiSignedIn } from '@app/common';

@ServiceAudience('auth')
@ApiTags('auth: account')
@ApiSignedIn()
@Controller('auth/me')
@UseGuards(LiveSessionGuard)
export class MeController {
  constructor(private readonly accounts: AccountService) {}

  /** The caller's account: id, name, email, roles and linked providers. */
  @ApiOperation({ summary: 'The account: id, name, email, roles, linked providers' })
  @Get()
  async me(@CurrentUser() auth: AccessTokenClaims) {
    const { id, name, email, roles, providers } = await this.accounts.view(auth.sub);
    return { id, name, email, roles, providers };
  }
}
