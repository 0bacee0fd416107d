import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { PeerAppModule } from './peer-app.module';
import { peerKeys } from './peer-keys';

/**
 * A reference for the bench, not a product: what a team would build instead, the way the NestJS
 * docs and brocoders/nestjs-boilerplate show it. PEER_KEYS=pem signs and verifies with PEM strings
 * as the docs do; PEER_KEYS=keyobject is the same app tuned with KeyObjects.
 */
async function main() {
  const databaseUrl = process.env.DATABASE_URL!;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('CREATE SCHEMA IF NOT EXISTS bench_peer');
  await db.end();
  const app = await NestFactory.create(
    PeerAppModule.forRoot(peerKeys(process.env.PEER_KEYS === 'keyobject'), databaseUrl),
    {
      logger: ['error'],
    },
  );
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}
void main();
