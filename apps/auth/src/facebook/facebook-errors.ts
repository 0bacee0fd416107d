import { ProviderRejectedError, ProviderUnavailableError } from '../login/provider-errors';

/** Facebook said no: the token is invalid, expired, for another app, or not a user's. */
export class FacebookRejectedError extends ProviderRejectedError {
  override readonly name = 'FacebookRejectedError';
}

/** Facebook could not be reached or answered with an error of its own (timeout, 5xx). */
export class FacebookUnavailableError extends ProviderUnavailableError {
  override readonly name = 'FacebookUnavailableError';
}
