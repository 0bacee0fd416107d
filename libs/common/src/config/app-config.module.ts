import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment } from './environment';

/**
 * Makes the validated {@link Environment} available everywhere, both as the typed `Environment`
 * token and through `ConfigService`. Validation happens before Nest starts (see `startApplication`)
 * so that a bad variable stops the process with one line instead of a stack trace.
 */
@Module({})
export class AppConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          validatePredefined: false,
          load: [() => ({ ...env })],
        }),
      ],
      providers: [{ provide: Environment, useValue: env }],
      exports: [Environment, ConfigModule],
    };
  }
}
