import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PlainText } from '@app/common';
import { AccountRoleNames } from './roles';

/** `POST /api/admin/accounts/:id/ban` body. */
export class BanAccountDto {
  @ApiProperty({ maxLength: 500, example: 'spam' })
  @PlainText(500)
  reason: string;
}

/** `PUT /api/admin/accounts/:id/roles` body. */
export class SetRolesDto {
  @ApiProperty({ type: [String], example: ['admin'] })
  @AccountRoleNames()
  roles: string[];
}

/** `auth.revocations`: entries after this cursor. */
export class RevocationFeedRequest {
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a feed cursor' })
  after?: string;
}

/** `auth.accounts.get`, `auth.accounts.unban`. */
export class AccountRequest {
  @IsUUID()
  accountId: string;
}

/** `auth.accounts.ban`. */
export class BanRequest extends AccountRequest {
  @PlainText(500)
  reason: string;
}

/** `auth.accounts.roles`. */
export class SetRolesRequest extends AccountRequest {
  @AccountRoleNames()
  roles: string[];
}

/** `auth.browser-sessions.token`: the session cookie's value (256 random bits, base64url). */
export class BrowserSessionTokenRequest {
  @IsString()
  @Length(43, 43)
  secret: string;
}

/** What `auth.accounts.*` answer. */
export interface AccountView {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  providers: Array<{ provider: string; linkedAt: string }>;
  banned: boolean;
  banReason?: string | null;
}
