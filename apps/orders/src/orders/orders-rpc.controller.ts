import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type AccessTokenClaims, type Caller, CurrentCaller, CurrentUser, ServiceAudience } from '@app/security';
import { CreateOrderDto, OrderIdRequest, ORDERS_PATTERNS } from '@app/contracts';
import { OrdersService } from './orders.service';

/** orders.* — for signed-in users; every handler verifies the token itself (aud `orders`). */
@Controller()
@ServiceAudience('orders')
export class OrdersRpcController {
  constructor(private readonly orders: OrdersService) {}

  @MessagePattern(ORDERS_PATTERNS.list)
  list(@CurrentUser() user: AccessTokenClaims) {
    return this.orders.list(user.sub);
  }

  @MessagePattern(ORDERS_PATTERNS.get)
  get(@Payload() request: OrderIdRequest, @CurrentCaller() caller: Caller) {
    return this.orders.get(request.id, caller);
  }

  @MessagePattern(ORDERS_PATTERNS.create)
  create(@Payload() request: CreateOrderDto, @CurrentCaller() caller: Caller) {
    return this.orders.create(caller, request.items);
  }
}
