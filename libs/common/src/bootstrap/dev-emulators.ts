import type { DynamicModule } from '@nestjs/common';
import type { Environment } from '../config/environment';

/**
 * The emulators this process needs: outside production, a Facebook when no FACEBOOK_APP_ID is set.
 * Imported dynamically, by a relative path (path aliases are rewritten in static imports only), so
 * production never loads libs/emulators, which its image does not even contain.
 */
export function devEmulators(env: Environment): Array<Promise<DynamicModule>> {
  if (env.NODE_ENV === 'production' || env.FACEBOOK_APP_ID) return [];
  return [import('../../../emulators/src/index.js').then(({ FacebookEmulatorModule }) => FacebookEmulatorModule.forRoot())];
}
