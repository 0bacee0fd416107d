import 'reflect-metadata';
import { startApplication } from '@app/common';
import { GatewayAppModule } from './gateway-app.module';

void startApplication({
  name: 'gateway',
  rootModule: (env) => GatewayAppModule.forRoot(env),
  httpPort: (env) => env.PORT,
});
