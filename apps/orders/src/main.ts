import './tracing';
import 'reflect-metadata';
import { startApplication, rpcServerOptions } from '@app/common';
import { OrdersAppModule } from './orders-app.module';
import { SERVICES } from '@app/contracts';

void startApplication({
  name: 'orders',
  rootModule: (env) => OrdersAppModule.forRoot(env),
  httpPort: (env) => SERVICES.orders.listener(env).httpPort,
  httpHost: (env) => SERVICES.orders.listener(env).httpHost,
  beforeListen: (app, env) => {
    app.connectMicroservice(rpcServerOptions(app, env, 'orders', SERVICES.orders.listener(env).tcpPort), {
      inheritAppConfig: true,
    });
  },
});
