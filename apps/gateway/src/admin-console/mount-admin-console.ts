import type { INestApplication } from '@nestjs/common';
import type { Environment } from '@app/common';
import { SHARED_PAGE_FILES, serveFiles } from '../static-pages';
import { AdminConsoleConfig } from './admin-console.config';

export const ADMIN_CONSOLE_FILES: Record<string, string> = {
  '/admin': 'apps/gateway/public/admin/index.html',
  '/admin/': 'apps/gateway/public/admin/index.html',
  '/admin/admin.js': 'apps/gateway/public/admin/admin.js',
  '/admin/admin.css': 'apps/gateway/public/admin/admin.css',
  ...SHARED_PAGE_FILES,
};

export const adminConsoleEnabled = (env: Environment): boolean =>
  AdminConsoleConfig.enabled(env.feature(AdminConsoleConfig), env);

/**
 * The admin console: a page that signs in with the browser client in session mode and calls only
 * `/api/admin/*`, so it holds no token and can do nothing the admin role does not allow.
 */
export function mountAdminConsole(app: INestApplication, env: Environment): void {
  if (adminConsoleEnabled(env)) serveFiles(app, ADMIN_CONSOLE_FILES);
}
