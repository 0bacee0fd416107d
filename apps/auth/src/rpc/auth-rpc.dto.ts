import { PlainText } from '@app/common';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, Matches } from 'class-validator';

export class RevocationFeedRequest {
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a feed cursor' })
  after?: string;
}

export class AccountRequest {
  @IsUUID()
  accountId: string;
}

export class BanRequest extends AccountRequest {
  @PlainText(500)
  reason: string;
}

export class SetRolesRequest extends AccountRequest {
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z][a-z0-9:_-]{0,39}$/, { each: true, message: 'each role must be a lower-case name' })
  // `service` marks service tokens; no person may hold it.
  @Matches(/^(?!service$)/, { each: true, message: 'the service role cannot be granted to an account' })
  roles: string[];
}
