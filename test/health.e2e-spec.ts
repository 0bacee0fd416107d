import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '@app/common';
import { createTestApp } from './support/test-app';
import { testEnvironment } from './support/test-environment';
import { MonolithModule } from '../apps/monolith/src';
import { authDatabase } from '../apps/auth/src';
import { inventoryDatabase, Product } from '../apps/inventory/src';

describe('database and /health (monolith)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const env = testEnvironment();
    app = await createTestApp(MonolithModule.forRoot(env), env);
  });
  afterAll(() => app.close());

  it('answers 200 with the database up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.details.database.status).toBe('up');
  });

  it('keeps each service in its own schema with its own migration history', async () => {
    const dataSource = app.get(DataSource);
    const tables: Array<{ table_schema: string; table_name: string }> = await dataSource.query(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema IN ('auth', 'orders', 'inventory') ORDER BY 1, 2`,
    );
    const names = tables.map((t) => `${t.table_schema}.${t.table_name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'auth.accounts',
        'auth.claims',
        'auth.logins',
        'auth.migrations',
        'inventory.migrations',
        'inventory.products',
        'orders.migrations',
        'orders.order_items',
        'orders.orders',
      ]),
    );
    const inventoryHistory: Array<{ name: string }> = await dataSource.query('SELECT name FROM inventory.migrations');
    expect(inventoryHistory.map((row) => row.name).sort()).toEqual(
      inventoryDatabase.migrations.map((m) => m.name).sort(),
    );
  });
});

describe('embedded database', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pglite-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps its data across a restart and does not re-run migrations', async () => {
    const env = testEnvironment({ DATABASE_URL: undefined, PGLITE_DATA_DIR: dataDir });
    const first = await createTestApp(MonolithModule.forRoot(env), env);
    await first
      .get(DataSource)
      .getRepository(Product)
      .insert({ sku: 'KEEP-1', name: 'Kept', priceCents: 100, stock: 3 });
    await first.close();

    const second = await createTestApp(MonolithModule.forRoot(env), env);
    try {
      const kept = await second.get(DataSource).getRepository(Product).findOneBy({ sku: 'KEEP-1' });
      expect(kept).toMatchObject({ name: 'Kept', priceCents: 100, stock: 3 });
      const history: Array<{ name: string }> = await second.get(DataSource).query('SELECT name FROM auth.migrations');
      expect(history.map((row) => row.name).sort()).toEqual(authDatabase.migrations.map((m) => m.name).sort());
    } finally {
      await second.close();
    }
  });
});

describe('/health when the database goes away', () => {
  it('answers 503 naming the database, quickly', async () => {
    const database = await EmbeddedPostgres.start('memory://');
    const env = testEnvironment({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: '1' });
    const app = await createTestApp(MonolithModule.forRoot(env), env);
    try {
      await request(app.getHttpServer()).get('/health').expect(200);
      await database.stop();
      const started = Date.now();
      const response = await request(app.getHttpServer()).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(response.body.status).toBe('error');
      expect(response.body.error.database.status).toBe('down');
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
