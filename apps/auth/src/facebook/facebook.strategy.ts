import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type Profile, Strategy } from 'passport-facebook';
import type { FacebookProfile } from './facebook-graph.client';
import { FacebookSettings } from './facebook-settings';

/** What the code exchange yields: Facebook's user token and the profile read with it. */
export interface ExchangedCode {
  accessToken: string;
  profile: FacebookProfile;
}

/** passport's registry name of this strategy; `AuthGuard(FACEBOOK_STRATEGY)` runs it. */
export const FACEBOOK_STRATEGY = 'facebook';

/**
 * passport-facebook, as a Nest provider: the redirect flow's code exchange and profile read, with
 * `appsecret_proof`. (passport's strategy registry is process-wide: one Facebook app per process,
 * as the auth app and the monolith run.)
 */
@Injectable()
export class FacebookStrategy extends PassportStrategy(Strategy, FACEBOOK_STRATEGY) {
  constructor(settings: FacebookSettings) {
    super({
      clientID: settings.appId,
      clientSecret: settings.appSecret,
      callbackURL: settings.callbackUrl,
      authorizationURL: settings.dialogUrl,
      tokenURL: `${settings.graphUrl}/oauth/access_token`,
      profileURL: `${settings.graphUrl}/me`,
      profileFields: ['id', 'displayName', 'emails'],
      enableProof: true,
    });
    // The user token goes in the Authorization header, not the profile URL's query string; passport
    // -oauth2 offers no option for it, only its OAuth2 client does.
    (
      this as unknown as { _oauth2: { useAuthorizationHeaderforGET(use: boolean): void } }
    )._oauth2.useAuthorizationHeaderforGET(true);
  }

  validate(accessToken: string, _refreshToken: string, profile: Profile): ExchangedCode {
    return { accessToken, profile: { id: profile.id, name: profile.displayName, email: profile.emails?.[0]?.value } };
  }
}
