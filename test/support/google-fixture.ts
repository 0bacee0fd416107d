import { type EmulatedGoogleClient, GoogleEmulator } from '@app/emulators';

/** Google, standing alone on a loopback port, with our client and a stranger's registered. */
export async function startGoogle(): Promise<{
  google: GoogleEmulator;
  issuer: string;
  ours: EmulatedGoogleClient;
  foreign: EmulatedGoogleClient;
}> {
  const google = new GoogleEmulator();
  const ours = google.registerClient({
    clientId: '123456789012-ourclient.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-our-client-secret-0123456789',
  });
  const foreign = google.registerClient({
    clientId: '999999999999-theirclient.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-their-client-secret-012345678',
  });
  const issuer = await google.listen();
  return { google, issuer, ours, foreign };
}

/** Environment for an auth app configured with a "real" Google client, the emulator as its issuer. */
export function googleEnvironment(issuer: string, ours: EmulatedGoogleClient): Record<string, string> {
  return { GOOGLE_CLIENT_ID: ours.clientId, GOOGLE_CLIENT_SECRET: ours.clientSecret, GOOGLE_ISSUER_URL: issuer };
}
