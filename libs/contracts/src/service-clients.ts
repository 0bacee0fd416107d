/**
 * Development only: the orders service's client secret when ORDERS_CLIENT_SECRET is unset outside
 * production. Auth registers the orders client with it, and orders authenticates with it.
 */
export const DEVELOPMENT_ORDERS_CLIENT_SECRET = 'development-orders-client-secret';
