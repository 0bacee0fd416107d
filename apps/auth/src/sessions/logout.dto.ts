import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LogoutDto {
  /** Absent in cookie and session mode: the browser's cookie names the session. */
  @ApiPropertyOptional({ description: 'absent in cookie and session mode: the cookie names the session' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  refresh_token?: string;
}

/** RFC 7009 §2.1 revocation request. */
export class RevokeDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  token: string;

  @ApiPropertyOptional({ enum: ['refresh_token', 'access_token'] })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  token_type_hint?: string;
}
