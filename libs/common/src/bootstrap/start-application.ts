import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, loadEnvironment, type PlatformApp } from '../config/load-environment';
import type { Environment } from '../config/environment';
import { configureHttpApplication } from './configure-http-application';
import { startupProblem } from './startup-problem';
import { ClusterWorker } from '../cluster/cluster-worker';
import { WorkerPool } from '../cluster/worker-pool';
import { type WorkerPlan, workerPlan } from '../cluster/worker-plan';
import { WorkersConfig } from '../cluster/workers.config';
import { MetricsConfig } from '../metrics/metrics.config';

export interface ApplicationDefinition {
  /** Used in logs, for the default embedded data directory and for what production requires. */
  name: PlatformApp;
  rootModule: (env: Environment) => DynamicModule;
  httpPort: (env: Environment) => number;
  /** Address to listen on; all interfaces when absent (the public origin). */
  httpHost?: (env: Environment) => string;
  /** See {@link HttpApplicationOptions.behindGateway}. */
  behindGateway?: boolean;
  /** Attaches transports (e.g. the TCP microservice) before listening. */
  beforeListen?: (app: INestApplication, env: Environment) => void | Promise<void>;
  /** Path prefixes whose bodies are forwarded elsewhere as they came, so never parsed here. */
  forwardedPaths?: (env: Environment) => string[];
  /** What else the start-up line tells a person (e.g. where the demo is), after where it listens. */
  startupHints?: (env: Environment) => string[];
  /** Why this app must run as one process with this configuration, if it must (see workerPlan). */
  oneProcessOnly?: (env: Environment) => string | undefined;
  /**
   * Secrets every worker must hold the same of (e.g. what signs a cookie one worker sets and
   * another reads): when unset, the primary makes one for its workers, lost when it restarts.
   */
  sharedSecrets?: string[];
}

/** Reads `.env` (when present) and the process environment; exits with one line per problem when invalid. */
export function environmentOrExit(app?: PlatformApp): Environment {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadEnvironment(process.env, app);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Starts the app: as this process, or, when its worker plan says more than one, as a node:cluster
 * primary whose workers (each running this same script) start it and share its ports.
 */
export async function startApplication(definition: ApplicationDefinition): Promise<void> {
  const env = environmentOrExit(definition.name);
  if (cluster.isPrimary) {
    const plan = planOrExit(definition, env);
    if (plan.workers > 1) return startWorkers(definition, env, plan);
  }
  const worker = cluster.isWorker ? new ClusterWorker() : undefined;
  try {
    const app = await NestFactory.create(definition.rootModule(env), {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
      // Until the process's own logger takes over, only a fatal line: a failed start-up is told
      // once, below, as what to fix, not as Nest's stack trace.
      logger: ['fatal'],
    });
    configureHttpApplication(app, env, {
      forwardedPaths: definition.forwardedPaths?.(env),
      behindGateway: definition.behindGateway,
    });
    await definition.beforeListen?.(app, env);
    // Every provider ready (signing keys loaded, token grants registered) before the first message:
    // a connected microservice would otherwise take requests before the app's init hooks have run,
    // and on NATS other instances' traffic arrives the moment it subscribes.
    await app.init();
    await app.startAllMicroservices();
    const host = definition.httpHost?.(env);
    const port = definition.httpPort(env);
    await (host ? app.listen(port, host) : app.listen(port));
    const url = `http://${!host || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    const hints = definition.startupHints?.(env) ?? [];
    new Logger('Startup').log([`${definition.name} listening on ${url}`, ...hints].join('; '));
    worker?.started(app);
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${startupProblem(error, env)}\n`);
    process.exit(1);
  }
}

function planOrExit(definition: ApplicationDefinition, env: Environment): WorkerPlan {
  try {
    return workerPlan(env, definition.oneProcessOnly?.(env));
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function startWorkers(definition: ApplicationDefinition, env: Environment, plan: WorkerPlan): Promise<void> {
  const { METRICS_PORT, METRICS_HOST } = env.feature(MetricsConfig);
  await new WorkerPool({
    app: definition.name,
    workers: plan.workers,
    why: plan.why,
    graceMs: env.feature(WorkersConfig).SHUTDOWN_GRACE_MS,
    logLevel: env.LOG_LEVEL,
    sharedSecrets: definition.sharedSecrets ?? [],
    metrics: METRICS_PORT === undefined ? undefined : { port: METRICS_PORT, host: METRICS_HOST },
  }).run();
}
