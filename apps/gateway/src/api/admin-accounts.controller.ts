import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService } from '@app/common';
import { type Caller, CurrentCaller, Roles, sendRpc } from '@app/security';
import { BanAccountDto, SetRolesDto, AUTH_PATTERNS, ROLES } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';

/** Account administration, answered by the auth app's auth.accounts.* handlers. */
@Controller('api/admin/accounts/:id')
@Roles(ROLES.admin)
@UseFilters(ServiceErrorFilter)
export class AdminAccountsController {
  constructor(@InjectService('auth') private readonly auth: ClientProxy) {}

  @Get()
  get(@Param('id', new ParseUUIDPipe()) accountId: string, @CurrentCaller() caller: Caller) {
    return sendRpc(this.auth, AUTH_PATTERNS.getAccount, { accountId }, { as: caller });
  }

  @Post('ban')
  @HttpCode(200)
  ban(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @Body() body: BanAccountDto,
    @CurrentCaller() caller: Caller,
  ) {
    return sendRpc(this.auth, AUTH_PATTERNS.banAccount, { accountId, reason: body.reason }, { as: caller });
  }

  @Post('unban')
  @HttpCode(200)
  unban(@Param('id', new ParseUUIDPipe()) accountId: string, @CurrentCaller() caller: Caller) {
    return sendRpc(this.auth, AUTH_PATTERNS.unbanAccount, { accountId }, { as: caller });
  }

  @Put('roles')
  setRoles(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @Body() body: SetRolesDto,
    @CurrentCaller() caller: Caller,
  ) {
    return sendRpc(this.auth, AUTH_PATTERNS.setRoles, { accountId, roles: body.roles }, { as: caller });
  }
}
