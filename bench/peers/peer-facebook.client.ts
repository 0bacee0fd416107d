import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createHmac } from 'node:crypto';

export interface PeerFacebookProfile {
  id: string;
  name?: string;
}

/**
 * brocoders/nestjs-boilerplate's AuthFacebookService: the profile from Graph's `/me` with the token
 * the SDK gave the page (its `fb` package adds appsecret_proof when given the app secret). Like the
 * boilerplate it never asks `debug_token` whose app the token belongs to; the platform does.
 */
@Injectable()
export class PeerFacebookClient {
  private readonly graph = process.env.PEER_FACEBOOK_GRAPH_URL ?? '';
  private readonly appSecret = process.env.PEER_FACEBOOK_APP_SECRET ?? '';

  async profile(accessToken: string): Promise<PeerFacebookProfile> {
    const query = new URLSearchParams({
      fields: 'id,name',
      access_token: accessToken,
      appsecret_proof: createHmac('sha256', this.appSecret).update(accessToken).digest('hex'),
    });
    const response = await fetch(`${this.graph}/me?${query}`);
    if (!response.ok) throw new UnauthorizedException();
    return (await response.json()) as PeerFacebookProfile;
  }
}
