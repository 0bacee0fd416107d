import { Equals, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class StartFacebookLoginQuery {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri: string;

  /** `session`: the platform keeps the session and sets a session cookie (no code, no PKCE: it is the confidential client). */
  @IsOptional()
  @IsIn(['session'], { message: 'mode must be session, or absent' })
  mode?: 'session';

  /** BASE64URL(SHA256(code_verifier)): 43 characters. */
  @ValidateIf((query: StartFacebookLoginQuery) => query.mode !== 'session')
  @Matches(/^[A-Za-z0-9_-]{43}$/, {
    message: 'code_challenge must be an S256 PKCE challenge (43 base64url characters)',
  })
  code_challenge?: string;

  @ValidateIf((query: StartFacebookLoginQuery) => query.mode !== 'session')
  @Equals('S256', { message: 'code_challenge_method must be S256' })
  code_challenge_method?: string;
}

export class FacebookSdkLoginBody {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  access_token: string;
}

export class SignedRequestBody {
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  signed_request: string;
}
