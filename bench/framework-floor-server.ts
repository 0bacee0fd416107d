import 'reflect-metadata';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, MessagePattern } from '@nestjs/microservices';
import { Pool } from 'pg';
import { lastValueFrom } from 'rxjs';
import { InProcessBus, InProcessClient, InProcessServer } from '../libs/common/src/transport/in-process-transport';
import { LIST_ORDERS } from '../apps/orders/src/orders/list-orders.sql';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const ANY_ACCOUNT = '00000000-0000-4000-8000-000000000000';
const ORDERS = Symbol('ORDERS');

@Controller()
class GatewayController {
  constructor(@Inject(ORDERS) private readonly orders: ClientProxy) {}

  @Get('framework-floor')
  list() {
    return lastValueFrom(this.orders.send('orders.list', {}));
  }
}

@Controller()
class OrdersHandler {
  @MessagePattern('orders.list')
  async list() {
    const { rows } = await pool.query({ ...LIST_ORDERS, values: [ANY_ACCOUNT] });
    return rows[0].orders;
  }
}

@Module({
  controllers: [GatewayController, OrdersHandler],
  providers: [
    InProcessBus,
    { provide: ORDERS, inject: [InProcessBus], useFactory: (bus: InProcessBus) => new InProcessClient(bus) },
  ],
})
class FrameworkFloorModule {}

/**
 * A floor under scenario 3 that the contract's architecture sets: in bare Nest, with nothing of the
 * platform's security, middleware or logging, the same path `GET /api/orders` takes in the
 * monolith: an HTTP handler, one message over the in-process transport (Nest's microservice
 * pipeline on both sides), the same prepared read.
 */
async function main() {
  const app = await NestFactory.create(FrameworkFloorModule, { logger: false });
  app.connectMicroservice({ strategy: new InProcessServer(app.get(InProcessBus)) });
  await app.startAllMicroservices();
  await app.listen(Number(process.env.PORT));
}
void main();
