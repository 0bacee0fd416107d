import { OAuthException } from '../shared/oauth.exception';
import type { TokenParameters } from '../tokens/token-grant';

/** The audience asked for (`audience`, or RFC 8707 `resource`), within what the client may have. */
export function grantedAudience(parameters: TokenParameters, allowed: string[]): string[] {
  const requested = parameters.audience ?? parameters.resource;
  if (!requested) {
    if (allowed.length === 0)
      throw new OAuthException('invalid_target', 'this client may not obtain tokens for any audience');
    return allowed;
  }
  const audiences = requested.split(' ').filter(Boolean);
  const refused = audiences.filter((audience) => !allowed.includes(audience));
  if (refused.length || audiences.length === 0)
    throw new OAuthException('invalid_target', `audience not allowed: ${refused.join(' ').slice(0, 100)}`);
  return audiences;
}

/** The scope asked for, which must not exceed `allowed`; all of `allowed` when none is asked. */
export function grantedScopes(requested: string | undefined, allowed: string[]): string[] {
  if (!requested) return allowed;
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const wider = scopes.filter((scope) => !allowed.includes(scope));
  if (wider.length) throw new OAuthException('invalid_scope', `scope not allowed: ${wider.join(' ').slice(0, 100)}`);
  return scopes;
}
