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
