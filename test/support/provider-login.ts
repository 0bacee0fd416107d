import { expect } from '@jest/globals';
import type request from 'supertest';
import { pkce, SPA_CALLBACK } from './facebook-fixture';

type Browser = ReturnType<typeof request.agent>;

/**
 * The person's choice on a provider's page (the Facebook dialog or Google's sign-in page of the
 * emulators): posted where the page posts it, with what the authorization URL carried.
 * Answers where the provider sends the browser next.
 */
export async function decideAtProvider(authorize: URL, choice: Record<string, string>): Promise<URL> {
  const form = new URLSearchParams([...authorize.searchParams.entries()]);
  for (const [name, value] of Object.entries(choice)) form.set(name, value);
  const decided = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(decided.status).toBe(302);
  return new URL(decided.headers.get('location')!);
}

/**
 * A whole redirect login in `browser`: GET /auth/<provider> (PKCE unless `mode=session`), the
 * person's `choice` at the provider, the callback. Answers where the platform sends the browser
 * back to and the PKCE verifier to redeem its code with.
 */
export async function providerLogin(
  browser: Browser,
  provider: 'facebook' | 'google',
  choice: Record<string, string>,
  query: Record<string, string> = {},
): Promise<{ back: URL; verifier: string }> {
  const { verifier, challenge } = pkce();
  const started = await browser
    .get(`/auth/${provider}`)
    .query({
      redirect_uri: SPA_CALLBACK,
      ...(query.mode === 'session' ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
      ...query,
    })
    .expect(302);
  const callback = await decideAtProvider(new URL(started.headers.location), choice);
  const back = await browser.get(`${callback.pathname}${callback.search}`).expect(302);
  return { back: new URL(back.headers.location), verifier };
}

/** Redeems the login code the platform sent the browser back with (memory mode). */
export async function redeemLoginCode(
  browser: Browser,
  back: URL,
  verifier: string,
): Promise<{ access_token: string; refresh_token: string }> {
  expect(back.searchParams.get('error')).toBeNull();
  const redeemed = await browser
    .post('/auth/token')
    .send({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: SPA_CALLBACK,
    })
    .expect(200);
  return redeemed.body;
}
