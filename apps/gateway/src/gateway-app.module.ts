import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules } from '@app/common';
import { GatewayModule } from './gateway.module';

/** The gateway as its own process (split mode): it owns no tables. */
@Module({})
export class GatewayAppModule {
  static forRoot(env: Environment): DynamicModule {
    return { module: GatewayAppModule, imports: [...platformModules('gateway', env, []), GatewayModule] };
  }
}
