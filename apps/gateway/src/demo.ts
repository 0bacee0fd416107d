import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { resolve } from 'node:path';
import type { Environment } from '@app/common';

/** URL → file: only these, so API requests never touch the disk on their way past. */
const DEMO_FILES: Record<string, string> = {
  '/': 'apps/gateway/public/index.html',
  '/demo.js': 'apps/gateway/public/demo.js',
  '/demo.css': 'apps/gateway/public/demo.css',
  '/favicon.svg': 'apps/gateway/public/favicon.svg',
  '/favicon.ico': 'apps/gateway/public/favicon.svg',
  '/client/auth-client.js': 'dist/browser/auth-client.js',
  '/client/auth-client.js.map': 'dist/browser/auth-client.js.map',
};

/**
 * Outside production, `/` serves the demo SPA and `/client/auth-client.js` the browser client it
 * uses (paths relative to the project root, where `npm start` runs).
 */
export function mountDemo(app: INestApplication, env: Environment): void {
  if (env.NODE_ENV === 'production') return;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? DEMO_FILES[req.path] : undefined;
    if (!file) return next();
    res.sendFile(resolve(file), { headers: { 'cache-control': 'no-cache' } }, (error) => error && next(error));
  });
}

/** For the start-up line: where a person finds the demo (outside production) and the API docs. */
export const demoHints = (env: Environment): string[] =>
  env.NODE_ENV === 'production'
    ? [`API docs at ${env.PUBLIC_URL}/api/docs/`]
    : [`demo at ${env.PUBLIC_URL}/`, `API docs at ${env.PUBLIC_URL}/api/docs/`];
