import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Pool } from 'pg';
import { LIST_PRODUCTS } from '../apps/inventory/src/products/list-products.sql';
import { LIST_ORDERS } from '../apps/orders/src/orders/list-orders.sql';

const pool = process.env.DATABASE_URL ? new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : undefined;
const ANY_ACCOUNT = '00000000-0000-4000-8000-000000000000';

@Controller()
class BaselineController {
  @Get('baseline')
  answer() {
    return [{ sku: 'MUG-1', name: 'Coffee mug', priceCents: 1200, stock: 25 }];
  }

  /** The floor under scenario 3: the same handler plus the one indexed read `GET /api/orders` makes. */
  @Get('baseline/database')
  async read() {
    const { rows } = await pool!.query({ ...LIST_ORDERS, values: [ANY_ACCOUNT] });
    return rows[0].orders;
  }

  /** The floor under scenario 2: the same handler serving the catalogue from the same prepared statement. */
  @Get('baseline/products')
  async products() {
    const { rows } = await pool!.query({ ...LIST_PRODUCTS, values: [] });
    return rows;
  }
}

@Module({ controllers: [BaselineController] })
class BaselineModule {}

/** Scenario 1: a bare Nest HTTP handler returning JSON, same adapter, own process. */
async function main() {
  const app = await NestFactory.create(BaselineModule, { logger: false });
  await app.listen(Number(process.env.PORT));
}
void main();
