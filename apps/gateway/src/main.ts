import 'reflect-metadata';
import { startApplication } from '@app/common';
import { mountAuthProxy } from './auth-proxy';
import { mountDemo } from './demo';
import { GatewayAppModule } from './gateway-app.module';

void startApplication({
  name: 'gateway',
  rootModule: (env) => GatewayAppModule.forRoot(env),
  httpPort: (env) => env.PORT,
  beforeListen: (app, env) => {
    mountAuthProxy(app, env);
    mountDemo(app, env);
  },
});
