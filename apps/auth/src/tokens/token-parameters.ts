import { OAuthException } from '../shared/oauth.exception';
import type { TokenParameters } from './token-grant';

const MAX_PARAMETER_LENGTH = 8192;

/** A token request body (JSON or form) as RFC 6749 parameters, or `invalid_request`. */
export function tokenParametersOf(body: unknown): TokenParameters {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthException('invalid_request', 'the body must be a JSON object or a form');
  }
  const parameters: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value)) throw new OAuthException('invalid_request', `${name.slice(0, 40)} must be given once`);
    if (typeof value !== 'string') throw new OAuthException('invalid_request', `${name.slice(0, 40)} must be a string`);
    if (value.length > MAX_PARAMETER_LENGTH)
      throw new OAuthException('invalid_request', `${name.slice(0, 40)} is too long`);
    if (value !== '') parameters[name] = value;
  }
  return parameters;
}
