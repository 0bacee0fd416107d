import type { DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '../config/app-config.module';
import type { Environment } from '../config/environment';
import { DatabaseModule } from '../database/database.module';
import type { ServiceDatabase } from '../database/service-database';
import { HealthModule } from '../health/health.module';
import { LoggingModule } from '../logging/logging.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TracingModule } from '../tracing/tracing.module';

/** The modules every process has: config, logs, metrics, RPC tracing, its services' database (if any) and `/health`. */
export function platformModules(appName: string, env: Environment, services: ServiceDatabase[]): DynamicModule[] {
  const modules = [
    AppConfigModule.forRoot(env),
    LoggingModule.forRoot(appName),
    MetricsModule.forRoot(appName),
    { module: TracingModule },
  ];
  if (services.length > 0) modules.push(DatabaseModule.forRoot({ appName, services }));
  modules.push(
    HealthModule.forRoot({ database: services.length > 0, nats: appName !== 'monolith' && env.TRANSPORT === 'nats' }),
  );
  return modules;
}
