import { Controller, Delete, HttpCode, Param, UseGuards } from '@nestjs/common';
import { type AccessTokenClaims, CurrentUser, ServiceAudience } from '@app/security';
import { AccountService } from '../accounts/account.service';
import { Client, type ClientContext } from '../audit/client-context';
import { LiveSessionGuard } from '../me/live-session.guard';
import { ProviderNamePipe } from './provider-name.pipe';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiSignedIn } from '@app/common';

@ServiceAudience('auth')
@ApiTags('auth: account')
@ApiSignedIn()
@Controller('auth/me/logins')
@UseGuards(LiveSessionGuard)
export class LoginsController {
  constructor(private readonly accounts: AccountService) {}

  /** Unlinks the caller's login with this provider: 404 when there is none, 409 when it is the last. */
  @ApiOperation({ summary: 'Unlinks the account’s login with this provider (409 for its only login)' })
  @ApiErrors(400, 403, 404, 409)
  @Delete(':provider')
  @HttpCode(204)
  async unlink(
    @CurrentUser() auth: AccessTokenClaims,
    @Param('provider', ProviderNamePipe) provider: string,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.accounts.unlinkLogin(auth.sub, provider, client);
  }
}
