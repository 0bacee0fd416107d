import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Google Identity Services' credential, as its callback hands it to the page. */
export class GoogleCredentialBody {
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  @Matches(/^[\w-]+\.[\w-]*\.[\w-]*$/, { message: 'id_token must be a JWT (Google Identity Services’ credential)' })
  id_token: string;
}
