import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { featureConfigProvider } from '../config/feature-config-provider';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsServer } from './metrics-server';
import { MetricsConfig } from './metrics.config';
import { PlatformMetrics } from './platform-metrics';

/** The process's metrics (prom-client): HTTP and RPC timings, the platform's own counters, and their listener. */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: PlatformMetrics, useFactory: () => new PlatformMetrics(appName) },
        featureConfigProvider(MetricsConfig),
        MetricsServer,
      ],
      exports: [PlatformMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
