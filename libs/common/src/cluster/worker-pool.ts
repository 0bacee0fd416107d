import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { serveClusterMetrics } from '../metrics/cluster-metrics';
import { WORKER_READY, WORKER_SHUTDOWN } from './worker-messages';

const alive = (): Worker[] =>
  Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker && !worker.isDead());

export interface WorkerPoolOptions {
  app: string;
  workers: number;
  /** Why this many, for the start-up line. */
  why: string;
  graceMs: number;
  logLevel: string;
  metrics?: { port: number; host: string };
  /** Secrets every worker must hold the same of: one is made for them when unset. */
  sharedSecrets: string[];
}

/**
 * The node:cluster primary of one app: forks the workers (they share the app's ports), replaces one
 * that dies once it has served, and on SIGTERM or SIGINT asks each to finish what it is doing
 * (Nest's shutdown: the HTTP server and RPC servers stop accepting, in-flight work completes) before
 * it exits, killing a worker that is still busy after SHUTDOWN_GRACE_MS.
 */
export class WorkerPool {
  private readonly log: Logger;
  private readonly ready = new Set<number>();
  private stopping = false;
  private exitCode = 0;
  /** Whether the first worker has started (and the others were forked). */
  private started = false;
  private metricsServer?: Server;

  constructor(private readonly options: WorkerPoolOptions) {
    this.log = pino({ name: options.app, level: options.logLevel, base: { app: options.app, pid: process.pid } });
  }

  async run(): Promise<void> {
    const { app, workers, why, metrics } = this.options;
    for (const name of this.options.sharedSecrets) {
      if (process.env[name]) continue;
      // Forked workers inherit this process's environment.
      process.env[name] = randomBytes(32).toString('base64url');
      this.log.warn(`${name} is not set: the workers share one made at start-up, which a restart replaces`);
    }
    cluster.on('message', (worker, message: { type?: string }) => {
      if (message?.type !== WORKER_READY || this.ready.has(worker.id)) return;
      this.ready.add(worker.id);
      if (!this.started && !this.stopping) {
        this.started = true;
        for (let i = 1; i < workers; i++) cluster.fork();
      }
      if (this.ready.size === workers) this.log.info(`${app} running ${workers} workers (${why})`);
    });
    cluster.on('exit', (worker, code, signal) => this.exited(worker, code, signal));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => this.stop());
    if (metrics) {
      const { server, url } = await serveClusterMetrics(metrics.port, metrics.host);
      this.metricsServer = server;
      this.log.info(`metrics of all ${workers} workers at ${url}`);
    }
    // The first worker starts alone: it migrates the database and makes what is missing (a signing
    // key), and a configuration it cannot start with is told once, by it, not by every worker.
    cluster.fork();
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    const served = this.ready.delete(worker.id);
    if (this.stopping) {
      if (alive().length === 0) this.finish();
      return;
    }
    if (!served) {
      // It failed before listening (it said why on stderr): another would fail the same way.
      this.log.fatal(`a ${this.options.app} worker exited before it started (code ${code}); stopping`);
      this.stop(1);
      return;
    }
    this.log.error(`a ${this.options.app} worker died (${signal ?? `code ${code}`}); starting another`);
    cluster.fork();
  }

  private stop(exitCode = 0): void {
    if (this.stopping) return;
    this.stopping = true;
    this.exitCode = exitCode;
    const workers = alive();
    if (workers.length === 0) return this.finish();
    for (const worker of workers) if (worker.isConnected()) worker.send({ type: WORKER_SHUTDOWN });
    setTimeout(() => {
      for (const worker of alive()) {
        this.log.warn(`a ${this.options.app} worker was still busy after SHUTDOWN_GRACE_MS; killing it`);
        worker.process.kill('SIGKILL');
      }
    }, this.options.graceMs).unref();
  }

  private finish(): void {
    this.metricsServer?.close();
    this.log.flush();
    process.exit(this.exitCode);
  }
}
