import 'reflect-metadata';
import { connectInProcessServer, startApplication } from '@app/common';
import { mountBrowserSessions } from '../../gateway/src/browser-sessions/mount-browser-sessions';
import { mountDemo } from '../../gateway/src/demo';
import { MonolithModule } from './monolith.module';

void startApplication({
  name: 'monolith',
  rootModule: (env) => MonolithModule.forRoot(env),
  httpPort: (env) => env.PORT,
  beforeListen: (app, env) => {
    connectInProcessServer(app);
    mountBrowserSessions(app, env);
    mountDemo(app, env);
  },
});
