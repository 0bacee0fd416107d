/** The claims of a verified access token, as the platform uses them. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  jti: string;
  /** Session (refresh family) the token belongs to; absent for service tokens. */
  sid?: string;
  roles: string[];
  scopes: string[];
  /** RFC 8693 actor: the service acting on the subject's behalf. */
  act?: { sub: string };
  /** The OAuth client the token was issued to (service tokens and exchanged tokens). */
  client_id?: string;
}

export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Every service a user's access token is meant for (each checks that its own name is present). */
export const USER_TOKEN_AUDIENCE = ['gateway', 'auth', 'orders', 'inventory'];
