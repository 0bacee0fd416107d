import { FacebookEmulator, GoogleEmulator } from '../libs/emulators/src';
import type { Tokens } from './http-login';

export interface StandaloneProviders {
  /** What an app configured with "real" providers is given: these emulators on their own ports. */
  env: Record<string, string>;
  /** A new person's SDK login (`POST /auth/facebook/token`) at `origin`. */
  login(origin: string, name: string): Promise<Tokens>;
  /** The administrator's login (ADMIN_FACEBOOK_IDS) at `origin`. */
  adminLogin(origin: string): Promise<Tokens>;
  /** A Facebook user token the SDK would hand the page, for a request body of `POST /auth/facebook/token`. */
  facebookToken(name: string): string;
  close(): Promise<void>;
}

/**
 * Facebook and Google as a deployment has them: outside the app, on ports of their own (here the
 * emulators, answering at once). An app configured so runs with the defaults of a real deployment,
 * every core included, which the built-in emulators rule out (their logins live in one process).
 */
export async function standaloneProviders(): Promise<StandaloneProviders> {
  const facebook = new FacebookEmulator();
  const app = facebook.registerApp({ appId: '3333333333', appSecret: 'bench-app-secret-0123456789abcdef' });
  const graph = await facebook.listen();
  const google = new GoogleEmulator();
  const client = google.registerClient({
    clientId: '333333333333-bench.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-bench-client-secret-0123456',
  });
  const issuer = await google.listen();
  const admin = facebook.addUser('Bench Admin');
  const sdkLogin = async (origin: string, facebookToken: string) => {
    const response = await fetch(`${origin}/auth/facebook/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: facebookToken }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Tokens;
  };
  return {
    env: {
      FACEBOOK_APP_ID: app.appId,
      FACEBOOK_APP_SECRET: app.appSecret,
      FACEBOOK_GRAPH_URL: graph,
      FACEBOOK_DIALOG_URL: `${graph}/dialog/oauth`,
      GOOGLE_CLIENT_ID: client.clientId,
      GOOGLE_CLIENT_SECRET: client.clientSecret,
      GOOGLE_ISSUER_URL: issuer,
      AUTH_COOKIE_SECRET: 'bench-cookie-secret-0123456789abcdef0123',
      ADMIN_FACEBOOK_IDS: admin.id,
    },
    login: (origin, name) => sdkLogin(origin, facebook.issueUserToken(app.appId, facebook.addUser(name).id)),
    adminLogin: (origin) => sdkLogin(origin, facebook.issueUserToken(app.appId, admin.id)),
    facebookToken: (name) => facebook.issueUserToken(app.appId, facebook.addUser(name).id, 3600),
    close: async () => {
      await facebook.close();
      await google.close();
    },
  };
}
