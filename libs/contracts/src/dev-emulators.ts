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
}
