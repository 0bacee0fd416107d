import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsConfig } from './metrics.config';
import { PlatformMetrics } from './platform-metrics';

/** `GET /metrics` on METRICS_HOST:METRICS_PORT, a listener of its own that the public origin never routes to. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly config: MetricsConfig,
    private readonly metrics: PlatformMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      this.metrics.registry.metrics().then(
        (body) => response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(body),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.METRICS_PORT, this.config.METRICS_HOST, resolve);
    });
    const { address, port } = this.server.address() as AddressInfo;
    new Logger('Metrics').log(`metrics at http://${address}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
