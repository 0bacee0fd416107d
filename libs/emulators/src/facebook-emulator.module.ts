import { type DynamicModule, Module } from '@nestjs/common';
import { EMULATED_FACEBOOK, type EmulatedFacebook } from '@app/contracts';
import { emulatorModule, type RunningEmulator } from './emulator-module';
import { FacebookEmulator } from './facebook-emulator';

/** Where the emulator's dialog is mounted on the app's own origin (the gateway forwards it in split mode). */
export const EMULATOR_DIALOG_PATH = '/_emulator/facebook';
/** "Ada Admin", the emulator's administrator, so that the admin console can be tried with no set-up. */
const EMULATED_ADMIN_ID = '1000000000000001';

/**
 * Development only: a Facebook for `npm start` with no Facebook app, with two test users and an admin. Loaded by
 * `FacebookModule.register()` through a dynamic import that production never reaches, and absent from the
 * production image.
 */
@Module({})
export class FacebookEmulatorModule {
  static forRoot(): DynamicModule {
    return emulatorModule<EmulatedFacebook & RunningEmulator>({
      module: FacebookEmulatorModule,
      token: EMULATED_FACEBOOK,
      path: EMULATOR_DIALOG_PATH,
      start: async (env) => {
        const emulator = new FacebookEmulator();
        const app = emulator.registerApp();
        emulator.addUser('Alice Example', 'alice@example.test');
        emulator.addUser('Bob Example', 'bob@example.test');
        const admin = emulator.addUser('Ada Admin', 'ada@example.test', EMULATED_ADMIN_ID);
        const graphUrl = await emulator.listen();
        return {
          appId: app.appId,
          appSecret: app.appSecret,
          graphUrl,
          dialogUrl: `${env.PUBLIC_URL}${EMULATOR_DIALOG_PATH}/dialog/oauth`,
          adminUserIds: [admin.id],
          pages: () => emulator.dialogRouter(),
          close: () => emulator.close(),
        };
      },
      warning: (_env, running) => ({
        context: 'Facebook',
        message: `FACEBOOK_APP_ID is not set: using the built-in Facebook emulator (dialog at ${running.dialogUrl}; its user Ada Admin has the admin role)`,
      }),
    });
  }
}
