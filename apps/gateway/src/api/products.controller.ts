import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService } from '@app/common';
import { type Caller, CurrentCaller, Public, Roles, sendRpc } from '@app/security';
import { CreateProductDto, type ProductView, SkuRequest, INVENTORY_PATTERNS, ROLES } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';

@Controller('api/products')
@UseFilters(ServiceErrorFilter)
export class ProductsController {
  constructor(@InjectService('inventory') private readonly inventory: ClientProxy) {}

  @Get()
  @Public()
  list(): Promise<ProductView[]> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.list, {});
  }

  @Get(':sku')
  @Public()
  get(@Param() params: SkuRequest): Promise<ProductView> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.get, { sku: params.sku });
  }

  @Post()
  @Roles(ROLES.admin)
  create(@Body() product: CreateProductDto, @CurrentCaller() caller: Caller): Promise<ProductView> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.create, product, { as: caller });
  }
}
