import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Google Identity Services' credential, as its callback hands it to the page. */
export class GoogleCredentialBody {
  @ApiProperty({ description: 'the credential (an ID token) Google Identity Services handed the page' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  @Matches(/^[\w-]+\.[\w-]*\.[\w-]*$/, { message: 'id_token must be a JWT (Google Identity Services’ credential)' })
  id_token: string;
}
