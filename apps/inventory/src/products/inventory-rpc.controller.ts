import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  type AccessTokenClaims,
  CurrentUser,
  DelegatedBy,
  Public,
  Roles,
  Scopes,
  ServiceAudience,
} from '@app/security';
import {
  CreateProductDto,
  ReleaseRequest,
  ReserveRequest,
  SkuRequest,
  INVENTORY_PATTERNS,
  ROLES,
  SCOPES,
} from '@app/contracts';
import { InventoryService } from './inventory.service';

/** inventory.* — every handler verifies the caller's token itself (aud must contain `inventory`). */
@Controller()
@ServiceAudience('inventory')
export class InventoryRpcController {
  constructor(private readonly inventory: InventoryService) {}

  @MessagePattern(INVENTORY_PATTERNS.list)
  @Public()
  list() {
    return this.inventory.list();
  }

  @MessagePattern(INVENTORY_PATTERNS.get)
  @Public()
  get(@Payload() request: SkuRequest) {
    return this.inventory.get(request.sku);
  }

  @MessagePattern(INVENTORY_PATTERNS.create)
  @Roles(ROLES.admin)
  create(@Payload() product: CreateProductDto) {
    return this.inventory.create(product);
  }

  /** Only orders, acting for a user (token exchange), may reserve; a plain user token may not. */
  @MessagePattern(INVENTORY_PATTERNS.reserve)
  @DelegatedBy('orders')
  @Scopes(SCOPES.inventoryReserve)
  reserve(@Payload() request: ReserveRequest, @CurrentUser() caller: AccessTokenClaims) {
    return this.inventory.reserve(request.reservationId, caller.sub, request.items);
  }

  @MessagePattern(INVENTORY_PATTERNS.release)
  @DelegatedBy('orders')
  @Scopes(SCOPES.inventoryReserve)
  release(@Payload() request: ReleaseRequest, @CurrentUser() caller: AccessTokenClaims) {
    return this.inventory.release(request.reservationId, caller.sub);
  }

  /** Orders' own service token (no user): its sweeper releasing what an order that never got recorded held. */
  @MessagePattern(INVENTORY_PATTERNS.releaseAbandoned)
  @Roles(ROLES.service)
  @Scopes(SCOPES.inventoryRelease)
  releaseAbandoned(@Payload() request: ReleaseRequest) {
    return this.inventory.release(request.reservationId);
  }
}
