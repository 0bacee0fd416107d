import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectService, ApiErrors, ApiSignedIn } from '@app/common';
import { type Caller, CurrentCaller, Roles, sendRpc } from '@app/security';
import { AccountSearchQuery, AccountSummary, AuditPage, AuditQuery, AUTH_PATTERNS, ROLES } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';

/** What the admin console looks things up with, answered by the auth app. */
@ApiTags('api: admin')
@ApiSignedIn()
@ApiErrors(400, 403)
@Controller('api/admin')
@Roles(ROLES.admin)
@UseFilters(ServiceErrorFilter)
export class AdminDirectoryController {
  constructor(@InjectService('auth') private readonly auth: ClientProxy) {}

  @ApiOperation({ summary: 'Finds accounts by id, a provider’s user id, or part of a name or e-mail (role admin)' })
  @ApiOkResponse({ type: [AccountSummary] })
  @Get('accounts')
  search(@Query() query: AccountSearchQuery, @CurrentCaller() caller: Caller): Promise<AccountSummary[]> {
    return sendRpc(this.auth, AUTH_PATTERNS.searchAccounts, { query: query.query }, { as: caller });
  }

  @ApiOperation({ summary: 'The audit log, newest first, a page at a time (role admin)' })
  @ApiOkResponse({ type: AuditPage })
  @Get('audit')
  audit(@Query() query: AuditQuery, @CurrentCaller() caller: Caller): Promise<AuditPage> {
    return sendRpc(this.auth, AUTH_PATTERNS.audit, { ...query }, { as: caller });
  }
}
