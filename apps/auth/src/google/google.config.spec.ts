import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '@app/common';
import { GoogleConfig } from './google.config';

describe('GoogleConfig', () => {
  it('defaults to Google’s issuer and a 5 s timeout', () => {
    expect(loadEnvironment({}).feature(GoogleConfig)).toMatchObject({
      GOOGLE_ISSUER_URL: 'https://accounts.google.com',
      GOOGLE_TIMEOUT_MS: 5000,
    });
  });

  it('requires the real client in production, and its secret with its id', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' }, 'auth')).toThrow(
      /GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required when NODE_ENV=production/,
    );
    expect(() => loadEnvironment({ GOOGLE_CLIENT_ID: 'x.apps.googleusercontent.com' })).toThrow(
      /GOOGLE_CLIENT_SECRET is required when GOOGLE_CLIENT_ID is set/,
    );
  });

  it('allows a plain-http issuer only on this machine, outside production', () => {
    expect(() => loadEnvironment({ GOOGLE_ISSUER_URL: 'http://127.0.0.1:4000' })).not.toThrow();
    expect(() => loadEnvironment({ GOOGLE_ISSUER_URL: 'http://accounts.example.com' })).toThrow(
      /GOOGLE_ISSUER_URL must be https/,
    );
    expect(() => loadEnvironment({ GOOGLE_ISSUER_URL: 'http://localhost.evil.example' })).toThrow(
      /GOOGLE_ISSUER_URL must be https/,
    );
  });

  it('names a malformed secret without echoing it', () => {
    const attempt = () =>
      loadEnvironment({ GOOGLE_CLIENT_ID: 'x.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'tiny' });
    expect(attempt).toThrow(/GOOGLE_CLIENT_SECRET must be the OAuth client secret/);
    expect(attempt).not.toThrow(/tiny/);
  });
});
