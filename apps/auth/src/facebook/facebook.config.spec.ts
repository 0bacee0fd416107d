import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '@app/common';
import { FacebookConfig } from './facebook.config';

describe('FacebookConfig', () => {
  it('has the Graph v23.0 defaults and no admins', () => {
    const config = loadEnvironment({}).feature(FacebookConfig);
    expect(config).toMatchObject({
      FACEBOOK_GRAPH_URL: 'https://graph.facebook.com/v23.0',
      FACEBOOK_DIALOG_URL: 'https://www.facebook.com/v23.0/dialog/oauth',
      FACEBOOK_SIGNED_REQUEST_MAX_AGE: 86400,
      FACEBOOK_TIMEOUT_MS: 5000,
      ADMIN_FACEBOOK_IDS: [],
    });
    expect(loadEnvironment({ ADMIN_FACEBOOK_IDS: '123, 456' }).feature(FacebookConfig).ADMIN_FACEBOOK_IDS).toEqual([
      '123',
      '456',
    ]);
  });

  it('requires the real app in production, and its secret with its id', () => {
    expect(() => loadEnvironment({ NODE_ENV: 'production' }, 'auth')).toThrow(
      /FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required when NODE_ENV=production/,
    );
    expect(() => loadEnvironment({ FACEBOOK_APP_ID: '1234' })).toThrow(
      /FACEBOOK_APP_SECRET is required when FACEBOOK_APP_ID is set/,
    );
  });

  it('names a malformed value without echoing it', () => {
    const attempt = () => loadEnvironment({ FACEBOOK_APP_ID: '1234', FACEBOOK_APP_SECRET: 'short-secret' });
    expect(attempt).toThrow(/^Invalid configuration: FACEBOOK_APP_SECRET must be the Facebook app secret/);
    expect(attempt).not.toThrow(/short-secret/);
    expect(() => loadEnvironment({ ADMIN_FACEBOOK_IDS: 'alice' })).toThrow(
      /ADMIN_FACEBOOK_IDS must be a comma-separated list of numeric Facebook user ids/,
    );
  });
});
