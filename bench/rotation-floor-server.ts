import 'reflect-metadata';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Ip,
  Module,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cluster from 'node:cluster';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'pg';
import { ROTATE_REFRESH_TOKEN, type RotationRow } from '../apps/auth/src/sessions/rotate-refresh-token.sql';
import { newOpaqueToken, sha256Hex } from '../apps/auth/src/shared/token-hash';
import { ACCESS_TOKEN_TYPE, encodeAccessTokenClaims } from '../libs/security/src/access-token-claims';
import { signCompactJws } from '../libs/security/src/access-token-signer';
import { benchRateLimiter } from './bench-rate-limiter';

// Each worker's own; the cluster's primary only forks, so it opens no pool and makes no key.
const worker = cluster.isPrimary
  ? undefined
  : (() => {
      const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
      return {
        pool,
        limiter: benchRateLimiter(pool, 'rotation'),
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      };
    })();
const ISSUER = 'http://localhost';

/**
 * The floor under a refresh rotation: a bare Nest handler doing only the work the contract needs
 * for one, the way the auth service does it (the client's rate-limit count, the rotation statement,
 * an RS256 access token signed on libuv's pool), and none of the platform's structure around it
 * (no guards, pipes, grant registry, audit context, metrics, configuration, logging).
 */
@Controller()
class RotationFloorController {
  @Get('baseline/health')
  health() {
    return { status: 'ok' };
  }

  @Post('baseline/rotate')
  @HttpCode(200)
  async rotate(@Body() body: { refresh_token?: string }, @Ip() ip: string) {
    if (!body.refresh_token) throw new BadRequestException();
    const { pool, limiter, privateKey } = worker!;
    await limiter.consume(ip);
    const now = new Date();
    const successor = newOpaqueToken();
    const values = [
      sha256Hex(body.refresh_token),
      now,
      sha256Hex(successor),
      new Date(now.getTime() + 30 * 86_400_000),
      ip,
      now,
      'bench',
    ];
    const { rows } = await pool.query<RotationRow>({ ...ROTATE_REFRESH_TOKEN, values });
    const [rotated] = rows;
    if (!rotated) throw new UnauthorizedException();
    const iat = Math.floor(now.getTime() / 1000);
    const payload = encodeAccessTokenClaims({
      iss: ISSUER,
      sub: rotated.account_id,
      aud: ['gateway', 'auth', 'orders', 'inventory'],
      iat,
      exp: iat + 900,
      jti: randomUUID(),
      sid: rotated.session_id,
      roles: rotated.roles,
      scopes: rotated.scopes,
    });
    const accessToken = await signCompactJws('RS256', privateKey, { kid: 'bench', typ: ACCESS_TOKEN_TYPE }, payload);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: 900, refresh_token: successor };
  }
}

@Module({ controllers: [RotationFloorController] })
class RotationFloorModule {}

/** One worker per core behind node:cluster, as the platform's monolith runs by default. */
async function main() {
  if (cluster.isPrimary) {
    for (let i = 0; i < cpus().length; i++) cluster.fork();
    process.on('SIGTERM', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
      process.exit(0);
    });
    return;
  }
  const app = await NestFactory.create(RotationFloorModule, { logger: false });
  await app.listen(Number(process.env.PORT));
}
void main();
