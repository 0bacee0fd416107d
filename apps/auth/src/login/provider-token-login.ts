import { HttpStatus } from '@nestjs/common';
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
