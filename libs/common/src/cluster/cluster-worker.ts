import type { INestApplication } from '@nestjs/common';
import { shareMetricsWithPrimary } from '../metrics/cluster-metrics';
import { WORKER_READY, WORKER_SHUTDOWN } from './worker-messages';

/**
 * This process as a node:cluster worker. It heeds the primary from its first moment: a stop asked
 * while the app is still starting is carried out as soon as it has started (Nest's shutdown, as on
 * a signal), and a metrics scrape is answered (empty) before the app's metrics exist, so the
 * primary's scrape of all workers never waits on one that is starting.
 */
export class ClusterWorker {
  private app?: INestApplication;
  private stopRequested = false;

  constructor() {
    shareMetricsWithPrimary();
    process.on('message', (message: { type?: string }) => {
      if (message?.type === WORKER_SHUTDOWN) this.stop();
    });
    // The primary is gone (killed): nobody routes to this worker any more.
    process.on('disconnect', () => this.stop());
  }

  started(app: INestApplication): void {
    this.app = app;
    if (this.stopRequested) this.close();
    else process.send?.({ type: WORKER_READY });
  }

  private stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    if (this.app) this.close();
  }

  private close(): void {
    this.app!.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
}
