import 'reflect-metadata';
import { startApplication, tcpServerOptions } from '@app/common';
import { InventoryAppModule } from './inventory-app.module';

void startApplication({
  name: 'inventory',
  rootModule: (env) => InventoryAppModule.forRoot(env),
  httpPort: (env) => env.INVENTORY_HTTP_PORT,
  httpHost: (env) => env.INVENTORY_HTTP_HOST,
  beforeListen: (app, env) => {
    app.connectMicroservice(tcpServerOptions(env, env.INVENTORY_TCP_PORT), { inheritAppConfig: true });
  },
});
