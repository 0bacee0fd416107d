/**
 * Development only: the Facebook a loaded emulator module stands in for (its app, its Graph base
 * URL and its dialog on the app's own origin). Production never has a provider of this token.
 */
export const EMULATED_FACEBOOK = 'dev:emulated-facebook';

export interface EmulatedFacebook {
  appId: string;
  appSecret: string;
  graphUrl: string;
  dialogUrl: string;
  /** Its users who get the admin role (as ADMIN_FACEBOOK_IDS would), so the admin console can be tried. */
  adminUserIds: string[];
}

/**
 * Development only: the Google a loaded emulator module stands in for (an OpenID provider on a
 * loopback port whose sign-in page is on the app's own origin, and our client registered there).
 */
export const EMULATED_GOOGLE = 'dev:emulated-google';

export interface EmulatedGoogle {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}
