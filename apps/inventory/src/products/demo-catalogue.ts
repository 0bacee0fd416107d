import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '@app/common';
import { Product } from './product.entity';

const CATALOGUE = [
  { sku: 'MUG-1', name: 'Coffee mug', priceCents: 1200, stock: 25 },
  { sku: 'TEE-M', name: 'T-shirt (M)', priceCents: 2000, stock: 10 },
  { sku: 'STICKER', name: 'Laptop sticker', priceCents: 300, stock: 3 },
];

/** In development, an empty inventory gets a few products so the demo has something to order. */
@Injectable()
export class DemoCatalogue implements OnApplicationBootstrap {
  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.NODE_ENV !== 'development') return;
    const products = this.dataSource.getRepository(Product);
    if ((await products.count()) > 0) return;
    await products.insert(CATALOGUE);
    new Logger('Inventory').log(`development: added ${CATALOGUE.length} demo products`);
  }
}
