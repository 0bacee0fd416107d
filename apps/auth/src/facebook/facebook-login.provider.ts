import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { LoginProvider, ProviderIdentity } from '../login/login-provider';
import { sha256Hex } from '../shared/token-hash';
import { FacebookRejectedError } from './facebook-errors';
import { FacebookGraphClient, type FacebookProfile } from './facebook-graph.client';
import { FacebookSettings } from './facebook-settings';
import { FacebookTokenCipher } from './facebook-token-cipher';
import { ROLES } from '@app/contracts';

export interface FacebookCredentials {
  /** A user access token: from the code exchange (redirect flow) or the JavaScript SDK. */
  accessToken: string;
  /** The profile passport-facebook already fetched, if any; never a client's claim. */
  profile?: FacebookProfile;
}

export const FACEBOOK = 'facebook';

/**
 * Verifies a Facebook user token the way Facebook's security guidance asks: debug_token with our
 * app token (issued to our app, valid, a USER token, for the same user as the profile), then a
 * long-lived token of which only the hash (and, with FACEBOOK_TOKEN_KEY, a ciphertext) is kept.
 */
@Injectable()
export class FacebookLoginProvider implements LoginProvider<FacebookCredentials> {
  readonly name = FACEBOOK;

  constructor(
    private readonly graph: FacebookGraphClient,
    private readonly settings: FacebookSettings,
    private readonly cipher: FacebookTokenCipher,
    private readonly clock: Clock,
  ) {}

  async authenticate({ accessToken, profile }: FacebookCredentials): Promise<ProviderIdentity> {
    const debug = await this.graph.debugToken(accessToken);
    if (debug.is_valid !== true) throw new FacebookRejectedError('the Facebook token is not valid');
    if (debug.app_id !== this.settings.appId)
      throw new FacebookRejectedError('the Facebook token was issued to another app');
    if (debug.type !== 'USER') throw new FacebookRejectedError('the Facebook token is not a user token');
    const user = profile ?? (await this.graph.me(accessToken));
    if (!debug.user_id || debug.user_id !== user.id)
      throw new FacebookRejectedError('the Facebook token belongs to another user');

    const longLived = await this.graph.exchangeForLongLived(accessToken);
    const expiresAt = longLived.expiresIn ? new Date(this.clock.now().getTime() + longLived.expiresIn * 1000) : null;
    return {
      provider: FACEBOOK,
      providerUserId: user.id,
      name: user.name,
      email: user.email ?? null,
      grantedRoles: this.settings.adminUserIds.includes(user.id) ? [ROLES.admin] : [],
      providerToken: {
        hash: sha256Hex(longLived.accessToken),
        expiresAt,
        ciphertext: this.cipher.encrypt(longLived.accessToken, `${FACEBOOK}:${user.id}`),
      },
    };
  }
}
