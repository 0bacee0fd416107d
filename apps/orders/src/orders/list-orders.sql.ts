import type { PreparedStatement } from '@app/common';
import type { OrderView } from '@app/contracts';

/**
 * `GET /api/orders`: a user's newest 200 orders with their lines, in one statement that answers them
 * as one JSON array in the API's shape (`orders`): node-postgres then parses a single JSON value
 * instead of typing every column of every row, timestamps included (`createdAt` as
 * `Date#toISOString` writes it, milliseconds truncated the same way).
 */
export const LIST_ORDERS: PreparedStatement = {
  name: 'list_orders',
  text: `
  SELECT COALESCE(json_agg(json_build_object(
           'id', o.id,
           'status', o.status,
           'items', COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents))
                                FROM orders.order_items i WHERE i.order_id = o.id), '[]'::json),
           'totalCents', o.total_cents,
           'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           ORDER BY o.created_at DESC), '[]'::json) AS orders
    FROM (SELECT id, status, total_cents, created_at
            FROM orders.orders
           WHERE account_id = $1 AND status IN ('confirmed', 'cancelled')
           ORDER BY created_at DESC
           LIMIT 200) o`,
};

/** LIST_ORDERS' single row. */
export interface ListedOrders {
  orders: OrderView[];
}
