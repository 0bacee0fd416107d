import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { MetricsConfig } from './metrics.config';
import { PlatformMetrics } from './platform-metrics';
import { listenForScrapes } from './scrape-listener';

/** `GET /metrics` on METRICS_HOST:METRICS_PORT, a listener of its own that the public origin never routes to. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly config: MetricsConfig,
    private readonly metrics: PlatformMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // In a cluster worker the primary serves the port, with every worker's metrics in one answer.
    if (this.config.METRICS_PORT === undefined || cluster.isWorker) return;
    const { registry } = this.metrics;
    const { server, url } = await listenForScrapes(this.config.METRICS_PORT, this.config.METRICS_HOST, async () => ({
      contentType: registry.contentType,
      body: await registry.metrics(),
    }));
    this.server = server;
    new Logger('Metrics').log(`metrics at ${url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
