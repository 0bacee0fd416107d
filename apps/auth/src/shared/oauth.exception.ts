import { HttpException, HttpStatus } from '@nestjs/common';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'temporarily_unavailable'
  | 'invalid_token';

/** An RFC 6749 §5.2 error response: `{error, error_description}`. */
export class OAuthException extends HttpException {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    status: HttpStatus = error === 'invalid_client' ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST,
  ) {
    super({ error, error_description: description }, status);
  }
}
