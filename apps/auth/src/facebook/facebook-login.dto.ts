import { Equals, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export class StartFacebookLoginQuery {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  redirect_uri: string;

  /** BASE64URL(SHA256(code_verifier)): 43 characters. */
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'code_challenge must be an S256 PKCE challenge (43 base64url characters)' })
  code_challenge: string;

  @Equals('S256', { message: 'code_challenge_method must be S256' })
  code_challenge_method: string;
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
