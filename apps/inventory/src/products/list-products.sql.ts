import type { PreparedStatement } from '@app/common';

/**
 * `GET /api/products`: the first 500 products by SKU, already in the shape the API answers.
 * A prepared statement rather than TypeORM's `find`: building 500 entities and mapping them back
 * cost more than the query itself (bench scenario 2).
 */
export const LIST_PRODUCTS: PreparedStatement = {
  name: 'list_products',
  text: `SELECT sku, name, price_cents AS "priceCents", stock FROM inventory.products ORDER BY sku LIMIT 500`,
};
