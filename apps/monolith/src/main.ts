import 'reflect-metadata';
import { connectInProcessServer, startApplication } from '@app/common';
import { MonolithModule } from './monolith.module';

void startApplication({
  name: 'monolith',
  rootModule: (env) => MonolithModule.forRoot(env),
  httpPort: (env) => env.PORT,
  beforeListen: (app) => connectInProcessServer(app),
});
