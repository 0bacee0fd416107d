import { Inject, Injectable, Optional } from '@nestjs/common';
import { Environment } from '@app/common';
import { EMULATED_FACEBOOK, type EmulatedFacebook } from '@app/contracts';
import { FacebookConfig } from './facebook.config';

/**
 * Which Facebook the auth app talks to: the real one (FACEBOOK_APP_ID set), or, outside
 * production, the emulator FacebookModule.register() loads (libs/emulators), serving Graph on a
 * loopback port and its dialog at /_emulator/facebook.
 */
@Injectable()
export class FacebookSettings {
  readonly appId: string;
  readonly appSecret: string;
  readonly graphUrl: string;
  readonly dialogUrl: string;
  /** Facebook user ids granted the admin role at login: ADMIN_FACEBOOK_IDS, and the emulator's admin. */
  readonly adminUserIds: string[];

  constructor(
    private readonly env: Environment,
    config: FacebookConfig,
    @Optional() @Inject(EMULATED_FACEBOOK) emulated?: EmulatedFacebook,
  ) {
    if (config.FACEBOOK_APP_ID) {
      this.appId = config.FACEBOOK_APP_ID;
      this.appSecret = config.FACEBOOK_APP_SECRET!;
      this.graphUrl = config.FACEBOOK_GRAPH_URL.replace(/\/+$/, '');
      this.dialogUrl = config.FACEBOOK_DIALOG_URL;
      this.adminUserIds = config.ADMIN_FACEBOOK_IDS;
    } else if (emulated && env.NODE_ENV !== 'production') {
      ({ appId: this.appId, appSecret: this.appSecret, graphUrl: this.graphUrl, dialogUrl: this.dialogUrl } = emulated);
      this.adminUserIds = [...config.ADMIN_FACEBOOK_IDS, ...emulated.adminUserIds];
    } else {
      throw new Error('FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required (the emulator is for development only)');
    }
  }

  get callbackUrl(): string {
    return `${this.env.PUBLIC_URL}/auth/facebook/callback`;
  }
}
