export * from './rpc-patterns';
export * from './roles';
export * from './accounts';
export * from './inventory';
export * from './orders';
export * from './service-clients';
export * from './service-addresses';
export * from './dev-emulators';
