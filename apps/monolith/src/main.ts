import './tracing';
import 'reflect-metadata';
import { connectInProcessServer, startApplication } from '@app/common';
import { demoHints, mountAdminConsole, mountBrowserSessions, mountDemo, mountGatewayApiDocs } from '../../gateway/src';
import { MonolithModule } from './monolith.module';

void startApplication({
  name: 'monolith',
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
