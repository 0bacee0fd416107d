import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService } from '@app/common';
import { type Caller, CurrentCaller, sendRpc } from '@app/security';
import { CreateOrderDto, OrderIdRequest, type OrderView, ORDERS_PATTERNS } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';

/** Signed-in users' orders; the orders service checks ownership itself. */
@Controller('api/orders')
@UseFilters(ServiceErrorFilter)
export class OrdersController {
  constructor(@InjectService('orders') private readonly orders: ClientProxy) {}

  @Get()
  list(@CurrentCaller() caller: Caller): Promise<OrderView[]> {
    return sendRpc(this.orders, ORDERS_PATTERNS.list, {}, { as: caller });
  }

  @Post()
  create(@Body() order: CreateOrderDto, @CurrentCaller() caller: Caller): Promise<OrderView> {
    return sendRpc(this.orders, ORDERS_PATTERNS.create, order, { as: caller, timeoutMs: 10_000 });
  }

  @Get(':id')
  get(@Param() params: OrderIdRequest, @CurrentCaller() caller: Caller): Promise<OrderView> {
    return sendRpc(this.orders, ORDERS_PATTERNS.get, { id: params.id }, { as: caller });
  }
}
