import { PlainText } from '@app/common';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';

export class BanAccountDto {
  @PlainText(500)
  reason: string;
}

export class SetRolesDto {
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z][a-z0-9:_-]{0,39}$/, { each: true, message: 'each role must be a lower-case name' })
  roles: string[];
}
