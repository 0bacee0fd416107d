import 'reflect-metadata';
import { startApplication, tcpServerOptions } from '@app/common';
import { OrdersAppModule } from './orders-app.module';

void startApplication({
  name: 'orders',
  rootModule: (env) => OrdersAppModule.forRoot(env),
  httpPort: (env) => env.ORDERS_HTTP_PORT,
  httpHost: (env) => env.ORDERS_HTTP_HOST,
  beforeListen: (app, env) => {
    app.connectMicroservice(tcpServerOptions(env, env.ORDERS_TCP_PORT), { inheritAppConfig: true });
  },
});
