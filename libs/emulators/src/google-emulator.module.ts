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
import { EMULATED_GOOGLE, type EmulatedGoogle } from '@app/contracts';
import { GoogleEmulator } from './google-emulator';

/** Where the emulator's sign-in page is mounted on the app's own origin (the gateway forwards it in split mode). */
export const GOOGLE_SIGN_IN_PATH = '/_emulator/google';

interface RunningEmulator extends EmulatedGoogle {
  emulator: GoogleEmulator;
}

/** Mounts the sign-in page on the app's HTTP server and stops the emulator with the app. */
@Injectable()
class GoogleEmulatorHost implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EMULATED_GOOGLE) private readonly running: RunningEmulator,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<Express>().use(GOOGLE_SIGN_IN_PATH, this.running.emulator.signInRouter());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running.emulator.close();
  }
}

/**
 * Development only: a Google for `npm start` with no GOOGLE_CLIENT_ID, with two test users. Loaded
 * by `GoogleModule.register()` through a dynamic import that production never reaches, and absent
 * from the production image.
 */
@Module({})
export class GoogleEmulatorModule {
  static forRoot(): DynamicModule {
    return {
      module: GoogleEmulatorModule,
      global: true,
      providers: [
        {
          provide: EMULATED_GOOGLE,
          inject: [Environment],
          useFactory: async (env: Environment): Promise<RunningEmulator> => {
            const emulator = new GoogleEmulator();
            const client = emulator.registerClient();
            emulator.addUser('Alice Example', 'alice@example.test');
            emulator.addUser('Bob Example', 'bob@example.test');
            const issuerUrl = await emulator.listen({ authorizationBase: `${env.PUBLIC_URL}${GOOGLE_SIGN_IN_PATH}` });
            new Logger('Google').warn(
              `GOOGLE_CLIENT_ID is not set: using the built-in Google emulator (sign-in page at ${env.PUBLIC_URL}${GOOGLE_SIGN_IN_PATH}/o/oauth2/v2/auth)`,
            );
            return { emulator, issuerUrl, ...client };
          },
        },
        GoogleEmulatorHost,
      ],
      exports: [EMULATED_GOOGLE],
    };
  }
}
