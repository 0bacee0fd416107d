import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PlainText } from '@app/common';
import { AccountRequest } from './accounts';

/** Every kind of event the audit log records: the one list the log's writer and its readers share. */
export const AUDIT_EVENT_TYPES = [
  'login_succeeded',
  'login_failed',
  'refresh',
  'refresh_reuse_detected',
  'logout',
  'logout_all',
  'session_revoked',
  'session_evicted',
  'ban',
  'unban',
  'roles_changed',
  'token_exchange',
  'client_credentials',
  'deauthorized',
  'data_deleted',
  'login_linked',
  'login_unlinked',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** An audit page's size when the caller names none, and the most it may ask for. */
export const AUDIT_PAGE_SIZE = { default: 50, max: 100 } as const;
/** How many accounts a search answers at most. */
export const ACCOUNT_SEARCH_LIMIT = 20;

/** `GET /api/admin/accounts?query=`, and `auth.accounts.search`. */
export class AccountSearchQuery {
  @ApiProperty({
    description: 'an account id, a provider’s user id (exact), or part of a name or e-mail address',
    maxLength: 200,
    example: 'alice',
  })
  @PlainText(200)
  query: string;
}

/** `GET /api/admin/audit?account=&type=&before=&limit=`, and `auth.audit.list`. */
export class AuditQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this account’s events' })
  @IsOptional()
  @IsUUID()
  account?: string;

  @ApiPropertyOptional({ enum: AUDIT_EVENT_TYPES, description: 'only events of this type' })
  @IsOptional()
  @IsIn(AUDIT_EVENT_TYPES, { message: `type must be one of ${AUDIT_EVENT_TYPES.join(', ')}` })
  type?: AuditEventType;

  @ApiPropertyOptional({ description: 'the previous page’s `next`: only older events', example: '1042' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'before must be a page cursor (the previous page’s next)' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_SIZE.max, default: AUDIT_PAGE_SIZE.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(AUDIT_PAGE_SIZE.max)
  limit?: number;
}

/** `auth.accounts.sessions.end`: one of the account's sessions. */
export class AccountSessionRequest extends AccountRequest {
  @IsUUID()
  sessionId: string;
}

/** One account in a search's answer. */
export class AccountSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'Alice Example' })
  name: string;
  @ApiProperty({ type: String, nullable: true, example: 'alice@example.test' })
  email: string | null;
  @ApiProperty({ type: [String], example: ['facebook', 'google'] })
  providers: string[];
  @ApiProperty()
  banned: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

/** An audit event as the admin routes show it (the log never holds a token). */
export class AuditEventView {
  @ApiProperty({ example: '1042', description: 'increasing; also the paging cursor' })
  id: string;
  @ApiProperty({ enum: AUDIT_EVENT_TYPES })
  type: AuditEventType;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  accountId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId: string | null;
  @ApiProperty({ type: String, nullable: true })
  ip: string | null;
  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { provider: 'facebook' } })
  detail: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** A page of the audit log, newest first. */
export class AuditPage {
  @ApiProperty({ type: [AuditEventView] })
  events: AuditEventView[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'pass as `before` for the next (older) page; null on the last page',
  })
  next: string | null;
}

/** A live session, as its owner (`GET /auth/sessions`) and admins see it: never a token. */
export class SessionView {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'facebook' })
  provider: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  lastUsedAt: string;
  @ApiProperty({ format: 'date-time', description: 'the earlier of the idle and the absolute expiry' })
  expiresAt: string;
  @ApiProperty({ type: String, nullable: true })
  ip: string | null;
  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;
  @ApiProperty({ description: 'the session of the token making this request' })
  current: boolean;
}
