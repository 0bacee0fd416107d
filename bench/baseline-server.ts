import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class BaselineController {
  @Get('baseline')
  answer() {
    return [{ sku: 'MUG-1', name: 'Coffee mug', priceCents: 1200, stock: 25 }];
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
