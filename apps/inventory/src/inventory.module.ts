import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Product } from './products/product.entity';

/** The inventory service: products and stock reservations. */
@Module({
  imports: [TypeOrmModule.forFeature([Product])],
})
export class InventoryModule {}
