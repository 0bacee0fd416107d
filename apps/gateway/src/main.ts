import './tracing';
import 'reflect-metadata';
import { startApplication } from '@app/common';
import { authProxyPaths, mountAuthProxy } from './auth-proxy';
import { mountBrowserSessions } from './browser-sessions/mount-browser-sessions';
import { mountGatewayApiDocs } from './api-docs';
import { demoHints, mountDemo } from './demo';
import { mountAdminConsole } from './admin-console/mount-admin-console';
import { GatewayAppModule } from './gateway-app.module';

void startApplication({
  name: 'gateway',
  rootModule: (env) => GatewayAppModule.forRoot(env),
  httpPort: (env) => env.PORT,
  startupHints: demoHints,
  forwardedPaths: authProxyPaths,
  beforeListen: (app, env) => {
    mountBrowserSessions(app, env);
    mountAuthProxy(app, env);
    mountDemo(app, env);
    mountAdminConsole(app, env);
    mountGatewayApiDocs(app, env, 'split');
  },
});
