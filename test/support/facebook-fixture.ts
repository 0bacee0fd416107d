import { createHash, randomBytes } from 'node:crypto';
import { FacebookEmulator, type EmulatedApp } from '@app/emulators';
import { type Mode, type Platform, startPlatform } from './platform';

export const SPA_CALLBACK = 'https://spa.example.test/callback';

/** Facebook, standing alone on a loopback port, with our app and a stranger's registered. */
export async function startFacebook(): Promise<{
  facebook: FacebookEmulator;
  url: string;
  ours: EmulatedApp;
  foreign: EmulatedApp;
}> {
  const facebook = new FacebookEmulator();
  const ours = facebook.registerApp({ appId: '1111111111', appSecret: 'our-app-secret-0123456789abcdef' });
  const foreign = facebook.registerApp({ appId: '2222222222', appSecret: 'their-app-secret-0123456789abcd' });
  const url = await facebook.listen();
  return { facebook, url, ours, foreign };
}

/** Environment for an auth app configured with a "real" Facebook app pointing at the emulator. */
export function facebookEnvironment(url: string, ours: EmulatedApp): Record<string, string> {
  return {
    FACEBOOK_APP_ID: ours.appId,
    FACEBOOK_APP_SECRET: ours.appSecret,
    FACEBOOK_GRAPH_URL: url,
    FACEBOOK_DIALOG_URL: `${url}/dialog/oauth`,
    ALLOWED_REDIRECT_URIS: `${SPA_CALLBACK},http://localhost:5173/`,
    PUBLIC_URL: 'http://localhost:3000',
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface FacebookPlatform {
  facebook: FacebookEmulator;
  graphUrl: string;
  ours: EmulatedApp;
  foreign: EmulatedApp;
  platform: Platform;
  close: () => Promise<void>;
}

/** The platform in `mode` configured with a "real" Facebook app that the emulator serves. */
export async function startFacebookPlatform(
  mode: Mode,
  overrides: Record<string, string> = {},
): Promise<FacebookPlatform> {
  const { facebook, url: graphUrl, ours, foreign } = await startFacebook();
  const platform = await startPlatform(mode, { ...facebookEnvironment(graphUrl, ours), ...overrides });
  return {
    facebook,
    graphUrl,
    ours,
    foreign,
    platform,
    close: async () => {
      await platform.close();
      await facebook.close();
    },
  };
}
