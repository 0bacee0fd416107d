import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService, ApiErrors, ApiSignedIn } from '@app/common';
import { type Caller, CurrentCaller, Roles, sendRpc } from '@app/security';
import { BanAccountDto, SessionView, SetRolesDto, AUTH_PATTERNS, ROLES } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

/** Account administration, answered by the auth app's auth.accounts.* handlers. */
@ApiTags('api: admin')
@ApiSignedIn()
@ApiErrors(400, 403, 404)
@Controller('api/admin/accounts/:id')
@Roles(ROLES.admin)
@UseFilters(ServiceErrorFilter)
export class AdminAccountsController {
  constructor(@InjectService('auth') private readonly auth: ClientProxy) {}

  @ApiOperation({ summary: 'An account: roles, linked providers, ban state (role admin)' })
  @Get()
  get(@Param('id', new ParseUUIDPipe()) accountId: string, @CurrentCaller() caller: Caller) {
    return sendRpc(this.auth, AUTH_PATTERNS.getAccount, { accountId }, { as: caller });
  }

  @ApiOperation({
    summary: 'Bans: every session ends, tokens refused at every service within 2 s, logins refused until unban',
  })
  @ApiErrors(409)
  @Post('ban')
  @HttpCode(200)
  ban(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @Body() body: BanAccountDto,
    @CurrentCaller() caller: Caller,
  ) {
    return sendRpc(this.auth, AUTH_PATTERNS.banAccount, { accountId, reason: body.reason }, { as: caller });
  }

  @ApiOperation({ summary: 'Lifts a ban' })
  @ApiErrors(409)
  @Post('unban')
  @HttpCode(200)
  unban(@Param('id', new ParseUUIDPipe()) accountId: string, @CurrentCaller() caller: Caller) {
    return sendRpc(this.auth, AUTH_PATTERNS.unbanAccount, { accountId }, { as: caller });
  }

  @ApiOperation({ summary: 'Replaces the roles granted by hand; tokens minted before are refused within 2 s' })
  @ApiErrors(409)
  @Put('roles')
  setRoles(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @Body() body: SetRolesDto,
    @CurrentCaller() caller: Caller,
  ) {
    return sendRpc(this.auth, AUTH_PATTERNS.setRoles, { accountId, roles: body.roles }, { as: caller });
  }

  @ApiOperation({ summary: 'The account’s live sessions (never a token)' })
  @ApiOkResponse({ type: [SessionView] })
  @Get('sessions')
  sessions(@Param('id', new ParseUUIDPipe()) accountId: string, @CurrentCaller() caller: Caller) {
    return sendRpc<SessionView[]>(this.auth, AUTH_PATTERNS.accountSessions, { accountId }, { as: caller });
  }

  @ApiOperation({ summary: 'Ends one of the account’s sessions; its tokens are refused at every service within 2 s' })
  @Delete('sessions/:sessionId')
  @HttpCode(204)
  async endSession(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @Param('sessionId', new ParseUUIDPipe()) sessionId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    await sendRpc(this.auth, AUTH_PATTERNS.endAccountSession, { accountId, sessionId }, { as: caller });
  }

  @ApiOperation({ summary: 'Ends every session of the account (it may sign in again; a ban refuses that)' })
  @Delete('sessions')
  @HttpCode(204)
  async endSessions(
    @Param('id', new ParseUUIDPipe()) accountId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    await sendRpc(this.auth, AUTH_PATTERNS.endAccountSessions, { accountId }, { as: caller });
  }
}
