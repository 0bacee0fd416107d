// The gateway's public surface, for the composition root (apps/monolith) and the end-to-end tests.
export { GatewayAppModule } from './gateway-app.module';
export { GatewayModule } from './gateway.module';
export { authProxyPaths, mountAuthProxy } from './auth-proxy';
export { mountBrowserSessions } from './browser-sessions/mount-browser-sessions';
export { demoHints, mountDemo } from './demo';
export { ADMIN_CONSOLE_FILES, mountAdminConsole } from './admin-console/mount-admin-console';
export { mountGatewayApiDocs } from './api-docs';
