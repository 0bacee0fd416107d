import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import type { CookieOptions, Request, Response } from 'express';
import { Environment, featureConfigProvider, loadEnvironment } from '@app/common';
import { LoginConfig } from './login.config';
import { LoginStateCookie } from './login-state-cookie';

/** A browser's side of the cookie: what the server set, sent back on the next request. */
class Browser {
  readonly jar = new Map<string, { value: string; options: CookieOptions }>();
  readonly response = {
    cookie: (name: string, value: string, options: CookieOptions) => void this.jar.set(name, { value, options }),
    clearCookie: (name: string) => void this.jar.delete(name),
  } as unknown as Response;
  callback(state: unknown, jar = this.jar): Request {
    const cookie = [...jar].map(([name, { value }]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return { headers: { cookie }, query: { state } } as unknown as Request;
  }
}

async function cookies(overrides: Record<string, string> = {}) {
  const env = loadEnvironment({ AUTH_COOKIE_SECRET: 'a-cookie-secret-of-at-least-32-characters', ...overrides });
  const moduleRef = await Test.createTestingModule({
    providers: [LoginStateCookie, { provide: Environment, useValue: env }, featureConfigProvider(LoginConfig)],
  }).compile();
  return moduleRef.get(LoginStateCookie);
}

describe('LoginStateCookie', () => {
  it('binds a login to the browser that started it, once', async () => {
    const states = await cookies();
    const browser = new Browser();
    const { state } = states.start(browser.response, 'facebook', {
      redirectUri: 'https://spa.example/',
      mode: 'code',
      codeChallenge: 'c'.repeat(43),
    });
    const cookie = browser.jar.get('facebook_login_state')!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/auth/facebook', secure: false });
    expect(cookie.value).not.toContain(state);
    const sent = browser.callback(state);
    expect(states.finish(sent, browser.response, 'facebook')).toMatchObject({
      state,
      redirectUri: 'https://spa.example/',
      mode: 'code',
      codeChallenge: 'c'.repeat(43),
    });
    // Cleared: the same callback a second time finds nothing.
    expect(states.finish(browser.callback(state), browser.response, 'facebook')).toBeUndefined();
  });

  it('yields nothing for another state, another provider, another browser or a tampered cookie', async () => {
    const states = await cookies();
    const browser = new Browser();
    const { state } = states.start(browser.response, 'facebook', {
      redirectUri: 'https://spa.example/',
      mode: 'session',
    });
    const jar = new Map(browser.jar);
    expect(states.finish(browser.callback('someone-elses-state', jar), browser.response, 'facebook')).toBeUndefined();
    expect(states.finish(browser.callback(state, jar), browser.response, 'google')).toBeUndefined();
    expect(states.finish(browser.callback(state, new Map()), browser.response, 'facebook')).toBeUndefined();
    const [body, signature] = jar.get('facebook_login_state')!.value.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body, 'base64url').toString()),
        redirectUri: 'https://evil.example/',
      }),
    ).toString('base64url');
    const tampered = new Map([['facebook_login_state', { value: `${forged}.${signature}`, options: {} }]]);
    expect(states.finish(browser.callback(state, tampered), browser.response, 'facebook')).toBeUndefined();
    expect(states.finish(browser.callback(state, jar), browser.response, 'facebook')).toMatchObject({
      mode: 'session',
    });
  });

  it('is refused by another instance without the shared AUTH_COOKIE_SECRET, accepted with it', async () => {
    const browser = new Browser();
    const { state } = (await cookies()).start(browser.response, 'facebook', {
      redirectUri: 'https://spa.example/',
      mode: 'code',
    });
    const jar = new Map(browser.jar);
    expect(
      (await cookies({ AUTH_COOKIE_SECRET: 'another-cookie-secret-of-32-characters!!' })).finish(
        browser.callback(state, jar),
        browser.response,
        'facebook',
      ),
    ).toBeUndefined();
    expect((await cookies()).finish(browser.callback(state, jar), browser.response, 'facebook')).toMatchObject({
      state,
    });
  });

  it('is Secure on an https origin', async () => {
    const browser = new Browser();
    (await cookies({ PUBLIC_URL: 'https://app.example.com' })).start(browser.response, 'facebook', {
      redirectUri: 'https://app.example.com/',
      mode: 'code',
    });
    expect(browser.jar.get('facebook_login_state')!.options.secure).toBe(true);
  });

  it('carries the account a link ticket named, signed like the rest', async () => {
    const states = await cookies();
    const browser = new Browser();
    const { state } = states.start(browser.response, 'google', {
      redirectUri: 'https://spa.example/',
      mode: 'session',
      linkAccountId: 'a1',
    });
    expect(states.finish(browser.callback(state), browser.response, 'google')).toMatchObject({ linkAccountId: 'a1' });
  });

  it('derives per-login secrets (nonce, PKCE verifier) that never travel in the cookie and differ per login and purpose', async () => {
    const states = await cookies();
    const browser = new Browser();
    const login = states.start(browser.response, 'google', { redirectUri: 'https://spa.example/', mode: 'code' });
    const other = states.start(new Browser().response, 'google', { redirectUri: 'https://spa.example/', mode: 'code' });
    const nonce = states.derive(login, 'nonce');
    expect(nonce).toMatch(/^[\w-]{43}$/);
    expect(browser.jar.get('google_login_state')!.value).not.toContain(nonce);
    expect(new Set([nonce, states.derive(login, 'pkce'), states.derive(other, 'nonce')]).size).toBe(3);
    // Another instance with the shared secret works out the same one at the callback.
    expect((await cookies()).derive(login, 'nonce')).toBe(nonce);
  });
});
