import { type DynamicModule, Module } from '@nestjs/common';
import { EMULATED_GOOGLE, type EmulatedGoogle } from '@app/contracts';
import { emulatorModule, type RunningEmulator } from './emulator-module';
import { GoogleEmulator } from './google-emulator';

/** Where the emulator's sign-in page is mounted on the app's own origin (the gateway forwards it in split mode). */
export const GOOGLE_SIGN_IN_PATH = '/_emulator/google';

/**
 * Development only: a Google for `npm start` with no GOOGLE_CLIENT_ID, with two test users. Loaded
 * by `GoogleModule.register()` through a dynamic import that production never reaches, and absent
 * from the production image.
 */
@Module({})
export class GoogleEmulatorModule {
  static forRoot(): DynamicModule {
    return emulatorModule<EmulatedGoogle & RunningEmulator>({
      module: GoogleEmulatorModule,
      token: EMULATED_GOOGLE,
      path: GOOGLE_SIGN_IN_PATH,
      start: async (env) => {
        const emulator = new GoogleEmulator();
        const client = emulator.registerClient();
        emulator.addUser('Alice Example', 'alice@example.test');
        emulator.addUser('Bob Example', 'bob@example.test');
        const issuerUrl = await emulator.listen({ authorizationBase: `${env.PUBLIC_URL}${GOOGLE_SIGN_IN_PATH}` });
        return {
          issuerUrl,
          ...client,
          pages: () => emulator.signInRouter(),
          close: () => emulator.close(),
        };
      },
      warning: (env) => ({
        context: 'Google',
        message: `GOOGLE_CLIENT_ID is not set: using the built-in Google emulator (sign-in page at ${env.PUBLIC_URL}${GOOGLE_SIGN_IN_PATH}/o/oauth2/v2/auth)`,
      }),
    });
  }
}
