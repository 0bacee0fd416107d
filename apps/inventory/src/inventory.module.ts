import { Module } from '@nestjs/common';
import { DemoCatalogue } from './products/demo-catalogue';
import { InventoryRpcController } from './products/inventory-rpc.controller';
import { InventoryService } from './products/inventory.service';

/** The inventory service: products and all-or-nothing stock reservations. */
@Module({
  controllers: [InventoryRpcController],
  providers: [InventoryService, DemoCatalogue],
})
export class InventoryModule {}
