/**
 * A token whose key this process does not know, while the auth app cannot be asked for its keys:
 * nothing says the token is bad, so it is a 503 to retry, never a 401 that would end a session.
 */
export class KeysUnavailableError extends Error {
  constructor() {
    super('the auth service cannot be reached for the key that signed this token; try again shortly');
    this.name = 'KeysUnavailableError';
  }
}
