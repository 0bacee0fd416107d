import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Environment } from '@app/common';
import { FacebookEmulator } from './emulator/facebook-emulator';

/**
 * Which Facebook the auth app talks to: the real one (FACEBOOK_APP_ID set), or, outside
 * production, a built-in emulator serving Graph on a loopback port and its dialog at /_facebook.
 */
@Injectable()
export class FacebookSettings implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Facebook');
  appId: string;
  appSecret: string;
  graphUrl: string;
  dialogUrl: string;
  emulator?: FacebookEmulator;

  constructor(private readonly env: Environment) {}

  get callbackUrl(): string {
    return `${this.env.PUBLIC_URL}/auth/facebook/callback`;
  }

  async onModuleInit(): Promise<void> {
    if (this.env.FACEBOOK_APP_ID) {
      this.appId = this.env.FACEBOOK_APP_ID;
      this.appSecret = this.env.FACEBOOK_APP_SECRET!;
      this.graphUrl = this.env.FACEBOOK_GRAPH_URL.replace(/\/+$/, '');
      this.dialogUrl = this.env.FACEBOOK_DIALOG_URL;
      return;
    }
    if (this.env.NODE_ENV === 'production') {
      throw new Error('FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required in production');
    }
    this.emulator = new FacebookEmulator();
    const app = this.emulator.registerApp();
    this.emulator.addUser('Alice Example', 'alice@example.test');
    this.emulator.addUser('Bob Example', 'bob@example.test');
    this.appId = app.appId;
    this.appSecret = app.appSecret;
    this.graphUrl = await this.emulator.listen();
    this.dialogUrl = `${this.env.PUBLIC_URL}/_facebook/dialog/oauth`;
    this.logger.warn(`FACEBOOK_APP_ID is not set: using the built-in Facebook emulator (dialog at ${this.dialogUrl})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emulator?.close();
  }
}
