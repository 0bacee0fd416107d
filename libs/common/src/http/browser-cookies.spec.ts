import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { loadEnvironment } from '../config/load-environment';
import { browserCookies, cookieOf, crossSiteRefusal } from './browser-cookies';

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as IncomingMessage;
const SPA = ['https://app.example.com'];

describe('browser cookies', () => {
  it('are HttpOnly and Strict, Secure and prefixed on https only', () => {
    const https = browserCookies(loadEnvironment({ PUBLIC_URL: 'https://app.example.com' }));
    expect(https.refresh).toEqual({
      name: '__Secure-auth_refresh',
      options: expect.objectContaining({ httpOnly: true, secure: true, sameSite: 'strict', path: '/auth' }),
    });
    expect(https.session).toEqual({
      name: '__Host-auth_session',
      options: expect.objectContaining({ httpOnly: true, secure: true, sameSite: 'strict', path: '/' }),
    });
    const http = browserCookies(loadEnvironment({ PUBLIC_URL: 'http://localhost:3000' }));
    expect(http.refresh.name).toBe('auth_refresh');
    expect(http.refresh.options.secure).toBe(false);
    expect(http.session.name).toBe('auth_session');
  });

  it('reads one cookie from the header', () => {
    expect(cookieOf(request('GET', { cookie: 'a=1; auth_session=s3cret; b=2' }), 'auth_session')).toBe('s3cret');
    expect(cookieOf(request('GET', { cookie: 'auth_session=' }), 'auth_session')).toBeUndefined();
    expect(cookieOf(request('GET', {}), 'auth_session')).toBeUndefined();
  });

  it('lets reads through, and state changes only with X-Requested-With from an SPA origin or none', () => {
    expect(crossSiteRefusal(request('GET', {}), SPA)).toBeUndefined();
    expect(crossSiteRefusal(request('POST', {}), SPA)).toMatch(/X-Requested-With/);
    expect(
      crossSiteRefusal(request('DELETE', { 'x-requested-with': 'fetch', origin: 'https://evil.example' }), SPA),
    ).toMatch(/origin/);
    expect(
      crossSiteRefusal(request('PUT', { 'x-requested-with': 'fetch', origin: 'https://app.example.com' }), SPA),
    ).toBeUndefined();
    expect(crossSiteRefusal(request('POST', { 'x-requested-with': 'fetch' }), SPA)).toBeUndefined();
    expect(crossSiteRefusal(request('GET', {}), SPA, true)).toMatch(/X-Requested-With/);
  });
});
