/** The provider said no: a token or code that is invalid, expired, for another app, or refused. */
export class ProviderRejectedError extends Error {
  override readonly name: string = 'ProviderRejectedError';
}

/** The provider could not be reached or answered with an error of its own (timeout, 5xx). */
export class ProviderUnavailableError extends Error {
  override readonly name: string = 'ProviderUnavailableError';
}

/** The person cancelled or refused on the provider's page (`?error=` on the callback). */
export class LoginCancelledError extends Error {
  override readonly name = 'LoginCancelledError';
}

/** The provider's callback came back with neither a code nor an error. */
export class MissingCodeError extends Error {
  override readonly name = 'MissingCodeError';
}

/** A link names an identity that already signs in to another account: nothing is merged. */
export class AccountExistsError extends Error {
  override readonly name = 'AccountExistsError';
}

/** A link would give the account a second login with the same provider. */
export class AlreadyLinkedError extends Error {
  override readonly name = 'AlreadyLinkedError';
}
