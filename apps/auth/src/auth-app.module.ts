import { type DynamicModule, Module } from '@nestjs/common';
import { type Environment, platformModules } from '@app/common';
import { authDatabase } from './auth.database';
import { inProcessSecurity } from './auth-security.module';
import { AuthModule } from './auth.module';
import { loginProviders } from './login-providers';
import { RevocationBroadcastModule } from './revocations/revocation-broadcast.module';

/** The auth app as its own process (split mode). */
@Module({})
export class AuthAppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AuthAppModule,
      imports: [
        ...platformModules('auth', env, [authDatabase]),
        AuthModule,
        ...loginProviders(env),
        inProcessSecurity('auth'),
        ...(env.TRANSPORT === 'nats' && env.DATABASE_URL ? [RevocationBroadcastModule] : []),
      ],
    };
  }
}
