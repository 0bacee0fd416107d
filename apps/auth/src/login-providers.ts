import type { DynamicModule } from '@nestjs/common';
import type { Environment } from '@app/common';
import { FacebookModule } from './facebook/facebook.module';
import { GoogleModule } from './google/google.module';

/**
 * The login providers this platform offers, each a folder plugged into LoginModule: adding one is
 * its folder plus its line here. The auth app and the monolith both load this list.
 */
export const loginProviders = (env: Environment): DynamicModule[] => [
  FacebookModule.register(env),
  GoogleModule.register(env),
];

/**
 * Why the auth module must run as one process with this configuration, if it must: a built-in
 * emulator keeps its codes and tokens in its own process's memory, so a login begun with one
 * worker's emulator fails in another's.
 */
export function emulatorsNeedOneProcess(env: Environment): string | undefined {
  const emulated = [
    FacebookModule.emulated(env) && 'Facebook (FACEBOOK_APP_ID)',
    GoogleModule.emulated(env) && 'Google (GOOGLE_CLIENT_ID)',
  ].filter(Boolean);
  if (emulated.length === 0) return undefined;
  return `the built-in emulators hold logins in flight in one process; configure ${emulated.join(' and ')} for more workers`;
}

/** What every auth worker must sign with alike: the login-state cookie one worker sets and another reads. */
export const AUTH_SHARED_SECRETS = ['AUTH_COOKIE_SECRET'];
