import './tracing';
import 'reflect-metadata';
import { connectInProcessServer, startApplication } from '@app/common';
import { demoHints, mountAdminConsole, mountBrowserSessions, mountDemo, mountGatewayApiDocs } from '../../gateway/src';
import { AUTH_SHARED_SECRETS, emulatorsNeedOneProcess } from '../../auth/src';
import { MonolithModule } from './monolith.module';

void startApplication({
  name: 'monolith',
  oneProcessOnly: emulatorsNeedOneProcess,
  sharedSecrets: AUTH_SHARED_SECRETS,
  rootModule: (env) => MonolithModule.forRoot(env),
  httpPort: (env) => env.PORT,
  startupHints: demoHints,
  beforeListen: (app, env) => {
    connectInProcessServer(app);
    mountBrowserSessions(app, env);
    mountDemo(app, env);
    mountAdminConsole(app, env);
    mountGatewayApiDocs(app, env, 'monolith');
  },
});
