import { declareService, type ServiceAddresses } from '@app/common';

/**
 * The platform's services and the settings that place them (`<NAME>_TCP_HOST`/`_TCP_PORT`,
 * `<NAME>_HTTP_HOST`/`_HTTP_PORT`). A new service is one line here, beside its patterns and DTOs.
 */
export const SERVICES = {
  auth: declareService('auth', { tcpPort: 4001, httpPort: 3001 }),
  orders: declareService('orders', { tcpPort: 4002, httpPort: 3002 }),
  inventory: declareService('inventory', { tcpPort: 4003, httpPort: 3003 }),
};

export type ServiceName = keyof typeof SERVICES;

/** The addresses of the services an app calls: `ServiceClientsModule.register('tcp', servicesCalled('auth'))`. */
export const servicesCalled = (...names: ServiceName[]): ServiceAddresses =>
  Object.fromEntries(names.map((name) => [name, SERVICES[name].address]));
