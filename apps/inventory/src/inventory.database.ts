import type { ServiceDatabase } from '@app/common';
import { CreateProducts1763800000100 } from './migrations/1763800000100-create-products';
import { Product } from './products/product.entity';

export const inventoryDatabase: ServiceDatabase = {
  schema: 'inventory',
  entities: [Product],
  migrations: [CreateProducts1763800000100],
};
