import type { INestApplication } from '@nestjs/common';
import type { Environment } from '@app/common';
import { SHARED_PAGE_FILES, serveFiles } from './static-pages';
import { adminConsoleEnabled } from './admin-console/mount-admin-console';

const DEMO_FILES: Record<string, string> = {
  '/': 'apps/gateway/public/index.html',
  '/demo.js': 'apps/gateway/public/demo.js',
  '/demo.css': 'apps/gateway/public/demo.css',
  ...SHARED_PAGE_FILES,
};

/** Outside production, `/` serves the demo SPA and `/client/auth-client.js` the browser client it uses. */
export function mountDemo(app: INestApplication, env: Environment): void {
  if (env.NODE_ENV === 'production') return;
  serveFiles(app, DEMO_FILES);
}

/** For the start-up line: where a person finds the demo (outside production), the console and the API docs. */
export const demoHints = (env: Environment): string[] => [
  ...(env.NODE_ENV === 'production' ? [] : [`demo at ${env.PUBLIC_URL}/`]),
  ...(adminConsoleEnabled(env) ? [`admin console at ${env.PUBLIC_URL}/admin`] : []),
  `API docs at ${env.PUBLIC_URL}/api/docs/`,
];
