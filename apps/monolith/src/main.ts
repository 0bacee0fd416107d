import 'reflect-metadata';
import { connectInProcessServer, startApplication } from '@app/common';
import { mountDemo } from '../../gateway/src/demo';
import { MonolithModule } from './monolith.module';

void startApplication({
  name: 'monolith',
  rootModule: (env) => MonolithModule.forRoot(env),
  httpPort: (env) => env.PORT,
  beforeListen: (app, env) => {
    connectInProcessServer(app);
    mountDemo(app, env);
  },
});
