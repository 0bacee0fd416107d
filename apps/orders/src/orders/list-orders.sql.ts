import type { PreparedStatement } from '@app/common';

/** `GET /api/orders`: a user's newest 200 orders with their lines, in one statement. */
export const LIST_ORDERS: PreparedStatement = {
  name: 'list_orders',
  text: `
  SELECT o.id, o.status, o.total_cents, o.created_at,
         COALESCE((SELECT json_agg(json_build_object('sku', i.sku, 'quantity', i.quantity, 'unitPriceCents', i.unit_price_cents))
                     FROM orders.order_items i WHERE i.order_id = o.id), '[]'::json) AS items
    FROM orders.orders o
   WHERE o.account_id = $1 AND o.status IN ('confirmed', 'cancelled')
   ORDER BY o.created_at DESC
   LIMIT 200`,
};
