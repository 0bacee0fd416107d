import { existsSync } from 'node:fs';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, loadEnvironment, type PlatformApp } from '../config/load-environment';
import type { Environment } from '../config/environment';
import { configureHttpApplication } from './configure-http-application';
import { startupProblem } from './startup-problem';

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

export async function startApplication(definition: ApplicationDefinition): Promise<INestApplication> {
  const env = environmentOrExit(definition.name);
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
    await app.startAllMicroservices();
    const host = definition.httpHost?.(env);
    const port = definition.httpPort(env);
    await (host ? app.listen(port, host) : app.listen(port));
    const url = `http://${!host || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
    const hints = definition.startupHints?.(env) ?? [];
    new Logger('Startup').log([`${definition.name} listening on ${url}`, ...hints].join('; '));
    return app;
  } catch (error) {
    process.stderr.write(`${definition.name} failed to start: ${startupProblem(error, env)}\n`);
    process.exit(1);
  }
}
