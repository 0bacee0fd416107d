import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { resolve } from 'node:path';

/**
 * What the demo and the admin console both load: the browser client (built by `npm run
 * build:client`), the shared styles and script, the icon.
 */
export const SHARED_PAGE_FILES: Record<string, string> = {
  '/client/auth-client.js': 'dist/browser/auth-client.js',
  '/client/auth-client.js.map': 'dist/browser/auth-client.js.map',
  '/base.css': 'apps/gateway/public/base.css',
  '/page-kit.js': 'apps/gateway/public/page-kit.js',
  '/favicon.svg': 'apps/gateway/public/favicon.svg',
  '/favicon.ico': 'apps/gateway/public/favicon.svg',
};

/**
 * Serves exactly these URL → file pairs (paths relative to the project root, where `npm start`
 * runs), so API requests never touch the disk on their way past.
 */
export function serveFiles(app: INestApplication, files: Record<string, string>): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const file = req.method === 'GET' || req.method === 'HEAD' ? files[req.path] : undefined;
    if (!file) return next();
    res.sendFile(resolve(file), { headers: { 'cache-control': 'no-cache' } }, (error) => error && next(error));
  });
}
