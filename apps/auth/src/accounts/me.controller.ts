import { Controller, Get, UseGuards } from '@nestjs/common';
import type { AccessTokenClaims } from '@app/security';
import { BearerAuthGuard } from '../bearer/bearer-auth.guard';
import { CurrentAuth } from '../bearer/current-auth.decorator';
import { AccountService } from './account.service';

@Controller('auth/me')
@UseGuards(BearerAuthGuard)
export class MeController {
  constructor(private readonly accounts: AccountService) {}

  /** The caller's account: id, name, email, roles and linked providers. */
  @Get()
  async me(@CurrentAuth() auth: AccessTokenClaims) {
    const { id, name, email, roles, providers } = await this.accounts.view(auth.sub);
    return { id, name, email, roles, providers };
  }
}
