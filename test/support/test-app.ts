import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureHttpApplication, type Environment } from '@app/common';

/** Boots a root module exactly as `main.ts` would, without listening on a port. */
export async function createTestApp(rootModule: DynamicModule, env: Environment): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureHttpApplication(app, env);
  await app.init();
  return app;
}
