import type { Provider } from '@nestjs/common';
import { Environment } from './environment';
import type { FeatureConfigSchema } from './feature-config';

/** Makes a feature's validated settings injectable in the module that reads them. */
export const featureConfigProvider = <T extends object>(schema: FeatureConfigSchema<T>): Provider => ({
  provide: schema,
  inject: [Environment],
  useFactory: (env: Environment) => env.feature(schema),
});
