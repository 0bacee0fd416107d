import type { Server } from 'node:http';
import { AggregatorRegistry, Registry } from 'prom-client';
import { listenForScrapes } from './scrape-listener';

/**
 * In a cluster worker: answers the primary's requests for this worker's metrics (prom-client's
 * cluster protocol). prom-client installs that listener only when an AggregatorRegistry is
 * constructed, hence the one made and dropped here.
 */
export function shareMetricsWithPrimary(registry: Registry = new Registry()): void {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
}

/**
 * In the cluster primary: METRICS_PORT serves every worker's metrics in one answer, counters and
 * histograms summed, gauges by their own aggregator, so a scrape never depends on which worker
 * the port would have handed it to.
 */
export async function serveClusterMetrics(port: number, host: string): Promise<{ server: Server; url: string }> {
  const registry = new AggregatorRegistry();
  return listenForScrapes(port, host, async () => ({
    contentType: registry.contentType,
    body: await registry.clusterMetrics(),
  }));
}
