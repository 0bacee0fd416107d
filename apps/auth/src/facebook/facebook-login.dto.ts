import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class FacebookSdkLoginBody {
  @ApiProperty({ description: 'the user access token the JavaScript SDK gave the page' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  access_token: string;
}

export class SignedRequestBody {
  @ApiProperty({ description: 'Facebook’s signed_request (HMAC-SHA256 with the app secret)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  signed_request: string;
}
