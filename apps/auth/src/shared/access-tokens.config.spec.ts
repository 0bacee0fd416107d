import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '@app/common';
import { ClientsConfig } from '../clients/clients.config';
import { RateLimitConfig } from '../rate-limit/rate-limit.config';
import { SessionsConfig } from '../sessions/sessions.config';
import { AccessTokensConfig } from './access-tokens.config';

describe("the auth app's own settings", () => {
  it('default to the contract', () => {
    const env = loadEnvironment({});
    expect(env.feature(AccessTokensConfig)).toMatchObject({
      ACCESS_TOKEN_TTL: 900,
      TOKEN_AUDIENCES: ['gateway', 'auth', 'orders', 'inventory'],
      JWT_KEYS_DIR: '.data/keys',
    });
    expect(env.feature(SessionsConfig)).toMatchObject({
      REFRESH_TOKEN_TTL: 30 * 24 * 3600,
      REFRESH_TOKEN_MAX_AGE: 90 * 24 * 3600,
      REFRESH_REUSE_INTERVAL: 10,
      MAX_SESSIONS_PER_ACCOUNT: 10,
      SESSION_RETENTION: 7 * 24 * 3600,
    });
    expect(env.feature(RateLimitConfig).AUTH_RATE_LIMIT).toBe(30);
  });

  it.each([
    ['ACCESS_TOKEN_TTL', '0', /ACCESS_TOKEN_TTL must be a whole number of seconds/],
    ['TOKEN_AUDIENCES', 'gateway,Orders Service', /TOKEN_AUDIENCES must be a comma-separated list of service names/],
    ['REFRESH_REUSE_INTERVAL', '301', /REFRESH_REUSE_INTERVAL must be a whole number of seconds from 0 to 300/],
    ['AUTH_RATE_LIMIT', '0', /AUTH_RATE_LIMIT must be an integer >= 1/],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadEnvironment({ [name]: value })).toThrow(message);
  });

  it('requires SERVICE_CLIENTS in production', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' }, 'auth')).toThrow(
      /SERVICE_CLIENTS is required when NODE_ENV=production/,
    );
    expect(loadEnvironment({ SERVICE_CLIENTS: '[]' }).feature(ClientsConfig).SERVICE_CLIENTS).toBe('[]');
  });
});
