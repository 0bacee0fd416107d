/** What a worker tells the primary once it listens. */
export const WORKER_READY = 'platform:worker-ready';
/** What the primary asks of a worker to stop: finish in-flight work, then exit. */
export const WORKER_SHUTDOWN = 'platform:worker-shutdown';
