import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** `GET /auth/<provider>`: the same parameters for every provider. */
export class StartLoginQuery {
  @ApiProperty({ description: 'one of ALLOWED_REDIRECT_URIS, exactly' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri: string;

  /** `session`: the platform keeps the session and sets a session cookie (no code, no PKCE: it is the confidential client). */
  @ApiPropertyOptional({ enum: ['session'] })
  @IsOptional()
  @IsIn(['session'], { message: 'mode must be session, or absent' })
  mode?: 'session';

  /** BASE64URL(SHA256(code_verifier)): 43 characters. */
  @ValidateIf((query: StartLoginQuery) => query.mode !== 'session')
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'code_challenge must be an S256 PKCE challenge (43 base64url characters)',
  })
  @ApiPropertyOptional({ description: 'BASE64URL(SHA256(code_verifier)); required unless mode=session' })
  code_challenge?: string;

  @ApiPropertyOptional({ enum: ['S256'] })
  @ValidateIf((query: StartLoginQuery) => query.mode !== 'session')
  @Equals('S256', { message: 'code_challenge_method must be S256' })
  code_challenge_method?: string;

  /** From `POST /auth/link-tickets`: this login joins the ticket's account. */
  @ApiPropertyOptional({ description: 'from POST /auth/link-tickets: the login joins that account' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'link_ticket must be a ticket from POST /auth/link-tickets' })
  link_ticket?: string;
}
