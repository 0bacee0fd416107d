import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { resolve } from 'node:path';
import type { Environment } from '@app/common';

/**
 * Outside production, `/` serves the demo SPA and `/client/` the browser client it uses
 * (paths relative to the project root, where `npm start` runs).
 */
export function mountDemo(app: INestApplication, env: Environment): void {
  if (env.NODE_ENV === 'production') return;
  const express = app as NestExpressApplication;
  express.useStaticAssets(resolve('dist/browser'), { prefix: '/client/', index: false });
  express.useStaticAssets(resolve('apps/gateway/public'), { index: 'index.html' });
}
