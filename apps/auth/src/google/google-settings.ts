import { Inject, Injectable, Optional } from '@nestjs/common';
import { Environment } from '@app/common';
import { EMULATED_GOOGLE, type EmulatedGoogle } from '@app/contracts';
import { GoogleConfig } from './google.config';

/**
 * Which Google the auth app talks to: the real one (GOOGLE_CLIENT_ID set), or, outside production,
 * the emulator GoogleModule.register() loads (libs/emulators): its issuer on a loopback port, its
 * sign-in page at /_emulator/google.
 */
@Injectable()
export class GoogleSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly issuerUrl: string;
  readonly timeoutMs: number;

  constructor(
    private readonly env: Environment,
    config: GoogleConfig,
    @Optional() @Inject(EMULATED_GOOGLE) emulated?: EmulatedGoogle,
  ) {
    this.timeoutMs = config.GOOGLE_TIMEOUT_MS;
    if (config.GOOGLE_CLIENT_ID) {
      this.clientId = config.GOOGLE_CLIENT_ID;
      this.clientSecret = config.GOOGLE_CLIENT_SECRET!;
      this.issuerUrl = config.GOOGLE_ISSUER_URL.replace(/\/+$/, '');
    } else if (emulated && env.NODE_ENV !== 'production') {
      ({ clientId: this.clientId, clientSecret: this.clientSecret, issuerUrl: this.issuerUrl } = emulated);
    } else {
      throw new Error('GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required (the emulator is for development only)');
    }
  }

  /** The redirect URI to register with the Google client. */
  get callbackUrl(): string {
    return `${this.env.PUBLIC_URL}/auth/google/callback`;
  }
}
