import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService } from '@app/common';
import { sendRpc } from '@app/security';
import { CreateOrderDto, OrderIdRequest, type OrderView } from '../../../orders/src/orders/order.dto';
import { ServiceErrorFilter } from './service-error.filter';

/** Signed-in users' orders; the orders service checks ownership itself. */
@Controller('api/orders')
@UseFilters(ServiceErrorFilter)
export class OrdersController {
  constructor(@InjectService('orders') private readonly orders: ClientProxy) {}

  @Get()
  list(): Promise<OrderView[]> {
    return sendRpc(this.orders, 'orders.list', {});
  }

  @Post()
  create(@Body() order: CreateOrderDto): Promise<OrderView> {
    return sendRpc(this.orders, 'orders.create', order, 10_000);
  }

  @Get(':id')
  get(@Param() params: OrderIdRequest): Promise<OrderView> {
    return sendRpc(this.orders, 'orders.get', { id: params.id });
  }
}
