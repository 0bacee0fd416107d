import 'reflect-metadata';
import { startApplication, tcpServerOptions } from '@app/common';
import { AuthAppModule } from './auth-app.module';

void startApplication({
  name: 'auth',
  rootModule: (env) => AuthAppModule.forRoot(env),
  httpPort: (env) => env.AUTH_HTTP_PORT,
  httpHost: (env) => env.AUTH_HTTP_HOST,
  behindGateway: true,
  beforeListen: (app, env) => {
    app.connectMicroservice(tcpServerOptions(env, env.AUTH_TCP_PORT), { inheritAppConfig: true });
  },
});
