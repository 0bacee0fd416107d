import { describe, expect, it } from '@jest/globals';
import { ConfigurationError, loadEnvironment, type PlatformApp } from './load-environment';

describe('loadEnvironment', () => {
  it('applies the contract defaults when nothing is set', () => {
    const env = loadEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.PUBLIC_URL).toBe('http://localhost:3000');
    expect(env.JWT_ISSUER).toBe('http://localhost:3000');
    expect(env.JWT_ALG).toBe('RS256');
  });

  it('converts numbers, lists and booleans', () => {
    const env = loadEnvironment({
      PORT: '8080',
      PUBLIC_URL: 'https://app.example.com/',
      ALLOWED_REDIRECT_URIS: 'https://app.example.com/callback,http://localhost:5173/',
      TRUST_PROXY: 'true',
    });
    expect(env.PORT).toBe(8080);
    expect(env.PUBLIC_URL).toBe('https://app.example.com');
    expect(env.ALLOWED_REDIRECT_URIS).toEqual(['https://app.example.com/callback', 'http://localhost:5173/']);
    expect(env.TRUST_PROXY).toBe(true);
  });

  it('treats empty values as unset, as in a copied .env.example', () => {
    expect(loadEnvironment({ PORT: '', DATABASE_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc', /^Invalid configuration: PORT must be an integer TCP port/],
    ['PORT', '70000', /PORT must be an integer TCP port from 1 to 65535/],
    ['JWT_ALG', 'HS256', /JWT_ALG must be one of RS256, ES256, EdDSA/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres/],
    ['ALLOWED_REDIRECT_URIS', 'https://ok.example.com/,javascript:alert(1)', /ALLOWED_REDIRECT_URIS must be/],
  ])('rejects %s=%s with one line naming it', (name, value, message) => {
    const attempt = () => loadEnvironment({ [name]: value });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a value back, because some are secrets', () => {
    expect(() => loadEnvironment({ GATEWAY_SECRET: 'short-secret' })).toThrow(
      /^Invalid configuration: GATEWAY_SECRET must be at least 32 characters/,
    );
    expect(() => loadEnvironment({ GATEWAY_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
  });

  describe('in production', () => {
    const facebook = {
      NODE_ENV: 'production',
      FACEBOOK_APP_ID: '1234',
      FACEBOOK_APP_SECRET: 'an-app-secret-of-32-characters!!',
    };
    const complete = {
      ...facebook,
      DATABASE_URL: 'postgres://app@db.internal:5432/app',
      ALLOWED_REDIRECT_URIS: 'https://app.example.com/',
      SERVICE_CLIENTS: '[]',
      ORDERS_CLIENT_SECRET: 'an-orders-secret-0123456789',
      GATEWAY_SECRET: 'a-gateway-secret-of-at-least-32-chars',
    };
    const problems = (raw: Record<string, string>, app?: PlatformApp) => {
      try {
        loadEnvironment(raw, app);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as Error).message.split('\n');
      }
    };

    it('refuses what cannot work, every problem at once, one line each', () => {
      const lines = problems({ ...facebook, ORDERS_CLIENT_SECRET: 'an-orders-secret-0123456789' }, 'monolith');
      expect(lines).toEqual([
        expect.stringMatching(
          /^Invalid configuration: DATABASE_URL is required when NODE_ENV=production .*ALLOW_EMBEDDED_DATABASE=true/,
        ),
        expect.stringMatching(/^Invalid configuration: ALLOWED_REDIRECT_URIS is required when NODE_ENV=production/),
      ]);
    });

    it('mixes malformed values and missing settings in one report', () => {
      const lines = problems({ ...complete, PORT: 'abc', ALLOWED_REDIRECT_URIS: '' }, 'gateway');
      expect(lines).toEqual([
        expect.stringMatching(/PORT must be an integer/),
        expect.stringMatching(/ALLOWED_REDIRECT_URIS is required/),
      ]);
    });

    it('asks each app only for what it uses', () => {
      expect(problems({ NODE_ENV: 'production' }, 'gateway')).toEqual([
        expect.stringMatching(/ALLOWED_REDIRECT_URIS is required/),
        expect.stringMatching(/GATEWAY_SECRET is required/),
      ]);
      expect(problems({ NODE_ENV: 'production' }, 'inventory')).toEqual([
        expect.stringMatching(/DATABASE_URL is required/),
      ]);
      expect(problems({ NODE_ENV: 'production' }, 'orders')).toEqual([
        expect.stringMatching(/DATABASE_URL is required/),
        expect.stringMatching(/ORDERS_CLIENT_SECRET is required/),
      ]);
      // (The Facebook app and SERVICE_CLIENTS are the auth app's own settings: FacebookConfig, ClientsConfig.)
      expect(problems({ NODE_ENV: 'production' }, 'auth')).toHaveLength(3);
      // The development secret is never a production default.
      expect(problems({ ...complete, GATEWAY_SECRET: '' }, 'auth')).toEqual([
        expect.stringMatching(/GATEWAY_SECRET is required/),
      ]);
    });

    it('starts when everything is configured, and on the embedded database only when asked to', () => {
      for (const app of ['monolith', 'auth', 'gateway', 'orders', 'inventory'] as const)
        expect(problems(complete, app)).toEqual([]);
      expect(problems({ ...complete, DATABASE_URL: '', ALLOW_EMBEDDED_DATABASE: 'true' }, 'monolith')).toEqual([]);
    });
  });
});
