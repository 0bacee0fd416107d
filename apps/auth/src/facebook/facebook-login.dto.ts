import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

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
