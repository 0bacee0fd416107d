import './tracing';
import 'reflect-metadata';
import { serveInternalApiDocument, startApplication, rpcServerOptions } from '@app/common';
import { AuthAppModule } from './auth-app.module';
import { AUTH_SHARED_SECRETS, emulatorsNeedOneProcess } from './login-providers';
import { SERVICES } from '@app/contracts';

void startApplication({
  name: 'auth',
  oneProcessOnly: emulatorsNeedOneProcess,
  sharedSecrets: AUTH_SHARED_SECRETS,
  rootModule: (env) => AuthAppModule.forRoot(env),
  httpPort: (env) => SERVICES.auth.listener(env).httpPort,
  httpHost: (env) => SERVICES.auth.listener(env).httpHost,
  behindGateway: true,
  beforeListen: (app, env) => {
    serveInternalApiDocument(app, env);
    app.connectMicroservice(rpcServerOptions(app, env, 'auth', SERVICES.auth.listener(env).tcpPort), {
      inheritAppConfig: true,
    });
  },
});
