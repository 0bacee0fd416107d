import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, Router } from 'express';
import { Environment } from '@app/common';

/** An emulator started for an app, with what its provider token hands to the provider module. */
export interface RunningEmulator {
  /** The pages a browser reaches on the app's own origin (a dialog, a sign-in page). */
  pages(): Router;
  close(): Promise<void>;
}

export interface EmulatorModuleOptions<Running extends RunningEmulator> {
  module: Type;
  /** The token the provider module injects (`@app/contracts`' EMULATED_*). */
  token: string;
  /** Where its pages are mounted on the app's origin (the gateway forwards `/_emulator` in split mode). */
  path: string;
  start(env: Environment): Promise<Running>;
  /** The start-up warning that development is not talking to the real provider. */
  warning(env: Environment, running: Running): { context: string; message: string };
}

/** A global module that starts the emulator, mounts its pages on the app's HTTP server and stops it with the app. */
export function emulatorModule<Running extends RunningEmulator>(
  options: EmulatorModuleOptions<Running>,
): DynamicModule {
  @Injectable()
  class EmulatorHost implements OnModuleInit, OnApplicationShutdown {
    constructor(
      @Inject(options.token) private readonly running: Running,
      private readonly adapterHost: HttpAdapterHost,
    ) {}

    onModuleInit(): void {
      this.adapterHost.httpAdapter?.getInstance<Express>().use(options.path, this.running.pages());
    }

    async onApplicationShutdown(): Promise<void> {
      await this.running.close();
    }
  }
  return {
    module: options.module,
    global: true,
    providers: [
      {
        provide: options.token,
        inject: [Environment],
        useFactory: async (env: Environment): Promise<Running> => {
          const running = await options.start(env);
          const { context, message } = options.warning(env, running);
          new Logger(context).warn(message);
          return running;
        },
      },
      EmulatorHost,
    ],
    exports: [options.token],
  };
}
