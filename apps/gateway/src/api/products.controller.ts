import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService } from '@app/common';
import { type Caller, CurrentCaller, Public, Roles, sendRpc } from '@app/security';
import { CreateProductDto, type ProductView, SkuRequest } from '../../../inventory/src/products/product.dto';
import { ServiceErrorFilter } from './service-error.filter';

@Controller('api/products')
@UseFilters(ServiceErrorFilter)
export class ProductsController {
  constructor(@InjectService('inventory') private readonly inventory: ClientProxy) {}

  @Get()
  @Public()
  list(): Promise<ProductView[]> {
    return sendRpc(this.inventory, 'inventory.list', {});
  }

  @Get(':sku')
  @Public()
  get(@Param() params: SkuRequest): Promise<ProductView> {
    return sendRpc(this.inventory, 'inventory.get', { sku: params.sku });
  }

  @Post()
  @Roles('admin')
  create(@Body() product: CreateProductDto, @CurrentCaller() caller: Caller): Promise<ProductView> {
    return sendRpc(this.inventory, 'inventory.create', product, { as: caller });
  }
}
