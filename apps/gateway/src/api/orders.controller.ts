import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService, ApiErrors, ApiSignedIn } from '@app/common';
import { type Caller, CurrentCaller, sendRpc } from '@app/security';
import { CreateOrderDto, OrderIdRequest, type OrderView, ORDERS_PATTERNS } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** Signed-in users' orders; the orders service checks ownership itself. */
@ApiTags('api: orders')
@ApiSignedIn()
@Controller('api/orders')
@UseFilters(ServiceErrorFilter)
export class OrdersController {
  constructor(@InjectService('orders') private readonly orders: ClientProxy) {}

  @ApiOperation({ summary: 'The caller’s own orders' })
  @Get()
  list(@CurrentCaller() caller: Caller): Promise<OrderView[]> {
    return sendRpc(this.orders, ORDERS_PATTERNS.list, {}, { as: caller });
  }

  @ApiOperation({
    summary:
      'Places an order: stock reserved on behalf of the user, all or nothing (409 and nothing reserved when an item lacks stock)',
  })
  @ApiErrors(400, 409, 413)
  @Post()
  create(@Body() order: CreateOrderDto, @CurrentCaller() caller: Caller): Promise<OrderView> {
    return sendRpc(this.orders, ORDERS_PATTERNS.create, order, { as: caller, timeoutMs: 10_000 });
  }

  @ApiOperation({ summary: 'One order (its owner or an admin; others get 404)' })
  @ApiErrors(400, 404)
  @Get(':id')
  get(@Param() params: OrderIdRequest, @CurrentCaller() caller: Caller): Promise<OrderView> {
    return sendRpc(this.orders, ORDERS_PATTERNS.get, { id: params.id }, { as: caller });
  }
}
