import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, OAuthErrorBody } from '@app/common';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenResponse } from '../tokens/token-response';
import type { LoginResult } from './login.service';
import { ProviderRejectedError, ProviderUnavailableError } from './provider-errors';

/**
 * A login with a provider's token posted by the SPA (Facebook's SDK token, Google's credential):
 * the token response, or the OAuth error a client can act on: 401 `invalid_token` when the provider
 * (or our check of its token) says no, 503 `temporarily_unavailable` when it cannot be reached.
 */
export async function providerTokenLogin(login: Promise<LoginResult>): Promise<TokenResponse> {
  try {
    return (await login).tokens;
  } catch (error) {
    if (error instanceof ProviderRejectedError)
      throw new OAuthException('invalid_token', error.message, HttpStatus.UNAUTHORIZED);
    if (error instanceof ProviderUnavailableError)
      throw new OAuthException('temporarily_unavailable', error.message, HttpStatus.SERVICE_UNAVAILABLE);
    throw error;
  }
}

/** The API document of such an endpoint: what it takes (`credential`) and how it answers. */
export const ApiProviderTokenLogin = (credential: string) =>
  applyDecorators(
    ApiOperation({ summary: `Signs in with ${credential}: a token response` }),
    ApiResponse({ status: 401, description: 'the provider refused the token (invalid_token)', type: OAuthErrorBody }),
    ApiResponse({
      status: 503,
      description: 'the provider is unreachable (temporarily_unavailable)',
      type: OAuthErrorBody,
    }),
    ApiErrors(400, 403, 429),
  );
