import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { Environment } from '@app/common';
import { EMULATED_FACEBOOK, type EmulatedFacebook } from '@app/contracts';
import { FacebookEmulator } from './facebook-emulator';

/** Where the emulator's dialog is mounted on the app's own origin (the gateway forwards it in split mode). */
export const EMULATOR_DIALOG_PATH = '/_emulator/facebook';

interface RunningEmulator extends EmulatedFacebook {
  emulator: FacebookEmulator;
}

/** Mounts the dialog on the app's HTTP server and stops the emulator with the app. */
@Injectable()
class FacebookEmulatorHost implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EMULATED_FACEBOOK) private readonly running: RunningEmulator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter
      ?.getInstance<Express>()
      .use(EMULATOR_DIALOG_PATH, this.running.emulator.dialogRouter());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running.emulator.close();
  }
}

/**
 * Development only: a Facebook for `npm start` with no Facebook app, with two test users. Loaded by
 * `FacebookModule.register()` through a dynamic import that production never reaches, and absent from the
 * production image.
 */
@Module({})
export class FacebookEmulatorModule {
  static forRoot(): DynamicModule {
    return {
      module: FacebookEmulatorModule,
      global: true,
      providers: [
        {
          provide: EMULATED_FACEBOOK,
          inject: [Environment],
          useFactory: async (env: Environment): Promise<RunningEmulator> => {
            const emulator = new FacebookEmulator();
            const app = emulator.registerApp();
            emulator.addUser('Alice Example', 'alice@example.test');
            emulator.addUser('Bob Example', 'bob@example.test');
            const graphUrl = await emulator.listen();
            const dialogUrl = `${env.PUBLIC_URL}${EMULATOR_DIALOG_PATH}/dialog/oauth`;
            new Logger('Facebook').warn(
              `FACEBOOK_APP_ID is not set: using the built-in Facebook emulator (dialog at ${dialogUrl})`,
            );
            return { emulator, appId: app.appId, appSecret: app.appSecret, graphUrl, dialogUrl };
          },
        },
        FacebookEmulatorHost,
      ],
      exports: [EMULATED_FACEBOOK],
    };
  }
}
