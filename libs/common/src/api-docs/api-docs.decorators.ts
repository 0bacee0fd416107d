import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The security schemes of the API document: a Bearer access token, and the two browser cookies. */
export const API_SECURITY = {
  bearer: 'bearer',
  /** Session mode: the `auth_session` cookie (`__Host-`/`__Secure-` prefixed on https). */
  sessionCookie: 'session-cookie',
  /** Cookie mode: the refresh token in the `auth_refresh` cookie on /auth. */
  refreshCookie: 'refresh-cookie',
} as const;

/** The body of every error but the token endpoint's: Nest's, with a readable message. */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiPropertyOptional({ example: 'Bad Request' })
  error?: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'items must contain at least 1 elements',
  })
  message: string | string[];
}

/** RFC 6749 §5.2: the token endpoint's errors, and the provider token logins'. */
export class OAuthErrorBody {
  @ApiProperty({ example: 'invalid_grant' })
  error: string;

  @ApiPropertyOptional({ example: 'the refresh token is not valid' })
  error_description?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (validation, malformed JSON)',
  401: 'a missing, forged, expired or revoked token (`WWW-Authenticate: Bearer error="invalid_token"`)',
  403: 'a valid token without the role or scope; or a cookie-authenticated change without `X-Requested-With` / from a foreign origin',
  404: 'not found (or not yours)',
  409: 'conflicts with the current state',
  413: 'the body is larger than MAX_BODY_BYTES',
  429: 'too many credential requests from this client (`Retry-After`)',
  503: 'a dependency (the database, the auth app, the provider) is unavailable (`Retry-After`)',
};

/** Documents these error statuses with the platform's error body. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorBody })),
  );

/** An access token (Bearer), or in session mode the session cookie the gateway trades for one. */
export const ApiSignedIn = () =>
  applyDecorators(ApiBearerAuth(API_SECURITY.bearer), ApiCookieAuth(API_SECURITY.sessionCookie), ApiErrors(401));
