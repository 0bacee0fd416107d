import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MicroserviceHealthIndicator } from '@nestjs/terminus';
import { Environment } from '../config/environment';
import { natsClientOptions } from '../transport/nats-transport';
import { Transport } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { Public } from '../auth-metadata/public.decorator';
import { HEALTH_OPTIONS, type HealthOptions } from './health-options';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

const DATABASE_PING_TIMEOUT_MS = 1500;
const NATS_PING_TIMEOUT_MS = 1500;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    private readonly microservices: MicroserviceHealthIndicator,
    private readonly env: Environment,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /** 200 when this process can serve; 503 (naming the failing part) when it cannot. */
  @ApiOperation({
    summary:
      '200 when the process can serve (its database and, over NATS, the NATS server reachable), 503 naming what fails',
  })
  @Get()
  @Public()
  @HealthCheck()
  check() {
    const checks = [];
    if (this.options.database) {
      const dataSource = this.moduleRef.get(DataSource, { strict: false });
      checks.push(() =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await dataSource.query('SELECT 1');
          })
          .withTimeout(DATABASE_PING_TIMEOUT_MS),
      );
    }
    if (this.options.nats) {
      // A probe connection of its own (terminus's): it says whether NATS takes connections now.
      const { options } = natsClientOptions(this.env, 'health');
      checks.push(() =>
        this.microservices.pingCheck('nats', {
          transport: Transport.NATS,
          options: { ...options, maxReconnectAttempts: 0 },
          timeout: NATS_PING_TIMEOUT_MS,
        }),
      );
    }
    return this.health.check(checks);
  }
}
