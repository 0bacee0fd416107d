import './tracing';
import 'reflect-metadata';
import { startApplication, rpcServerOptions } from '@app/common';
import { InventoryAppModule } from './inventory-app.module';
import { SERVICES } from '@app/contracts';

void startApplication({
  name: 'inventory',
  rootModule: (env) => InventoryAppModule.forRoot(env),
  httpPort: (env) => SERVICES.inventory.listener(env).httpPort,
  httpHost: (env) => SERVICES.inventory.listener(env).httpHost,
  beforeListen: (app, env) => {
    app.connectMicroservice(rpcServerOptions(app, env, 'inventory', SERVICES.inventory.listener(env).tcpPort), {
      inheritAppConfig: true,
    });
  },
});
