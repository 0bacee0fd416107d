import { existsSync } from 'node:fs';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, loadEnvironment, type PlatformApp } from '../config/load-environment';
import type { Environment } from '../config/environment';
import { configureHttpApplication } from './configure-http-application';

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
    });
    configureHttpApplication(app, env, {
      forwardedPaths: definition.forwardedPaths?.(env),
      behindGateway: definition.behindGateway,
    });
    await definition.beforeListen?.(app, env);
    await app.startAllMicroservices();
    const host = definition.httpHost?.(env);
    await (host ? app.listen(definition.httpPort(env), host) : app.listen(definition.httpPort(env)));
    return app;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${definition.name} failed to start: ${message.split('\n')[0]}\n`);
    process.exit(1);
  }
}
