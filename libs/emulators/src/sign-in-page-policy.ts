/**
 * The sign-in page's CSP. Its form posts to the page itself, whose answer redirects the browser to
 * the app's redirect_uri; browsers apply form-action to that redirect too, so the app's origin is
 * allowed beside 'self' (the page stands on its own origin when the emulator runs standalone).
 */
export function signInPagePolicy(redirectUri: string): string {
  let target = '';
  try {
    target = ` ${new URL(redirectUri).origin}`;
  } catch {
    // no valid redirect_uri: the form goes nowhere else
  }
  return `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target}`;
}
