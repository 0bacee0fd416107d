import { ProviderRejectedError, ProviderUnavailableError } from '../login/provider-errors';

/** Google said no, or what it sent does not hold: a code it refused, an ID token that fails a check. */
export class GoogleRejectedError extends ProviderRejectedError {
  override readonly name = 'GoogleRejectedError';
}

/** Google could not be reached or answered with an error of its own (timeout, 5xx, no discovery). */
export class GoogleUnavailableError extends ProviderUnavailableError {
  override readonly name = 'GoogleUnavailableError';
}
