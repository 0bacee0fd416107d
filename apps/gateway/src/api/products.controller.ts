import { Body, Controller, Get, Param, Post, UseFilters } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectService, ApiErrors, ApiSignedIn } from '@app/common';
import { type Caller, CurrentCaller, Public, Roles, sendRpc } from '@app/security';
import { CreateProductDto, type ProductView, SkuRequest, INVENTORY_PATTERNS, ROLES } from '@app/contracts';
import { ServiceErrorFilter } from './service-error.filter';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('api: products')
@Controller('api/products')
@UseFilters(ServiceErrorFilter)
export class ProductsController {
  constructor(@InjectService('inventory') private readonly inventory: ClientProxy) {}

  @ApiOperation({ summary: 'The catalogue: {sku, name, priceCents, stock} (anyone)' })
  @Get()
  @Public()
  list(): Promise<ProductView[]> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.list, {});
  }

  @ApiOperation({ summary: 'One product (anyone)' })
  @ApiErrors(400, 404)
  @Get(':sku')
  @Public()
  get(@Param() params: SkuRequest): Promise<ProductView> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.get, { sku: params.sku });
  }

  @ApiOperation({ summary: 'Adds a product (role admin)' })
  @ApiSignedIn()
  @ApiErrors(400, 403, 409)
  @Post()
  @Roles(ROLES.admin)
  create(@Body() product: CreateProductDto, @CurrentCaller() caller: Caller): Promise<ProductView> {
    return sendRpc(this.inventory, INVENTORY_PATTERNS.create, product, { as: caller });
  }
}
