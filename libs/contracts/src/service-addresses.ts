import type { ServiceAddresses } from '@app/common';

/**
 * Where each service's TCP transport is found in the configuration of an app that calls it. Apps
 * register the ones they call: `ServiceClientsModule.register('tcp', servicesCalled('auth'))`.
 */
export const SERVICE_ADDRESSES = {
  auth: (env) => ({ host: env.AUTH_TCP_HOST, port: env.AUTH_TCP_PORT }),
  orders: (env) => ({ host: env.ORDERS_TCP_HOST, port: env.ORDERS_TCP_PORT }),
  inventory: (env) => ({ host: env.INVENTORY_TCP_HOST, port: env.INVENTORY_TCP_PORT }),
} satisfies ServiceAddresses;

export type ServiceName = keyof typeof SERVICE_ADDRESSES;

/** The addresses of just these services. */
export const servicesCalled = (...names: ServiceName[]): ServiceAddresses =>
  Object.fromEntries(names.map((name) => [name, SERVICE_ADDRESSES[name]]));
