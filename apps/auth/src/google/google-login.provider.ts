import { Injectable } from '@nestjs/common';
import type { LoginProvider, ProviderIdentity } from '../login/login-provider';
import { GoogleOpenIdClient } from './google-openid.client';

export const GOOGLE = 'google';

/**
 * Google Identity Services' credential (an ID token), or the redirect flow's callback with the
 * checks this browser's login state holds.
 */
export type GoogleCredentials =
  | { idToken: string }
  | { callback: Record<string, unknown>; checks: { state: string; nonce: string; codeVerifier: string } };

/** How old a GIS credential may be: it is handed over at the click, so an old one is a replayed one. */
const CREDENTIAL_MAX_AGE = 600;

/**
 * A Google login: the ID token's subject is the identity. The e-mail address is kept only when
 * Google says it is verified, and it never decides whose account this is (logins are keyed by
 * provider and subject; accounts are never matched by e-mail).
 */
@Injectable()
export class GoogleLoginProvider implements LoginProvider<GoogleCredentials> {
  readonly name = GOOGLE;

  constructor(private readonly google: GoogleOpenIdClient) {}

  async authenticate(credentials: GoogleCredentials): Promise<ProviderIdentity> {
    const claims =
      'idToken' in credentials
        ? await this.google.verifyIdToken(credentials.idToken, { maxAge: CREDENTIAL_MAX_AGE })
        : await this.google.exchangeCode(credentials.callback, credentials.checks);
    const verified = claims.email_verified === true;
    return {
      provider: GOOGLE,
      providerUserId: claims.sub,
      name: claims.name || claims.email || 'Google user',
      email: verified ? (claims.email ?? null) : null,
      emailVerified: claims.email ? verified : undefined,
    };
  }
}
