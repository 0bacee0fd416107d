import { describe, expect, it } from '@jest/globals';
import { loadEnvironment } from '@app/common';
import { AdminConsoleConfig } from './admin-console.config';

const enabled = (raw: Record<string, string>) => {
  const env = loadEnvironment(raw, 'gateway');
  return AdminConsoleConfig.enabled(env.feature(AdminConsoleConfig), env);
};
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://shop.example',
  ALLOWED_REDIRECT_URIS: 'https://shop.example/',
  GATEWAY_SECRET: 'a-gateway-secret-of-at-least-32-chars',
};

describe('AdminConsoleConfig', () => {
  it('is on outside production, where the default redirect URIs include the console', () => {
    expect(enabled({})).toBe(true);
    expect(loadEnvironment({ PORT: '4000' }).ALLOWED_REDIRECT_URIS).toEqual([
      'http://localhost:4000/',
      'http://localhost:4000/admin',
    ]);
    expect(enabled({ ADMIN_CONSOLE: 'false' })).toBe(false);
  });

  it('is off in production unless enabled, and then its sign-in must be allowed to return to it', () => {
    expect(enabled(production)).toBe(false);
    expect(() => enabled({ ...production, ADMIN_CONSOLE: 'true' })).toThrow(
      'Invalid configuration: ADMIN_CONSOLE=true needs https://shop.example/admin in ALLOWED_REDIRECT_URIS',
    );
    expect(
      enabled({
        ...production,
        ADMIN_CONSOLE: 'true',
        ALLOWED_REDIRECT_URIS: 'https://shop.example/,https://shop.example/admin',
      }),
    ).toBe(true);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => enabled({ ADMIN_CONSOLE: 'sometimes' })).toThrow('ADMIN_CONSOLE must be true or false');
  });
});
