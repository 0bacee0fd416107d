import { Injectable, Optional } from '@nestjs/common';
import { PlatformMetrics } from '@app/common';
import { createHmac } from 'node:crypto';
import { FacebookConfig } from './facebook.config';
import { FacebookRejectedError, FacebookUnavailableError } from './facebook-errors';
import { FacebookSettings } from './facebook-settings';

export interface DebugTokenData {
  app_id?: string;
  type?: string;
  is_valid?: boolean;
  user_id?: string;
  expires_at?: number;
}

export interface FacebookProfile {
  id: string;
  name: string;
  email?: string;
}

/**
 * The few Graph API calls the platform makes, server to server. Every call has a timeout;
 * tokens travel in the Authorization header, the app secret only in POST bodies, and every
 * call made with a user token carries appsecret_proof.
 */
@Injectable()
export class FacebookGraphClient {
  constructor(
    private readonly settings: FacebookSettings,
    private readonly config: FacebookConfig,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  /** Asks Facebook, with our app token, what a user token is. */
  async debugToken(userToken: string): Promise<DebugTokenData> {
    const appToken = `${this.settings.appId}|${this.settings.appSecret}`;
    const body = await this.call<{ data?: DebugTokenData }>(
      'GET',
      '/debug_token',
      { input_token: userToken },
      appToken,
    );
    if (!body.data) throw new FacebookRejectedError('debug_token answered no data');
    return body.data;
  }

  /** Trades a short-lived user token for a long-lived one (grant_type=fb_exchange_token). */
  async exchangeForLongLived(userToken: string): Promise<{ accessToken: string; expiresIn: number | null }> {
    const body = await this.call<{ access_token?: string; expires_in?: number }>('POST', '/oauth/access_token', {
      grant_type: 'fb_exchange_token',
      client_id: this.settings.appId,
      client_secret: this.settings.appSecret,
      fb_exchange_token: userToken,
    });
    if (!body.access_token) throw new FacebookRejectedError('the long-lived token exchange answered no token');
    return { accessToken: body.access_token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : null };
  }

  async me(userToken: string): Promise<FacebookProfile> {
    const body = await this.call<{ id?: string; name?: string; email?: string }>(
      'GET',
      '/me',
      { fields: 'id,name,email' },
      userToken,
    );
    if (typeof body.id !== 'string') throw new FacebookRejectedError('the profile has no id');
    return { id: body.id, name: typeof body.name === 'string' ? body.name : 'Facebook user', email: body.email };
  }

  appSecretProof(token: string): string {
    return createHmac('sha256', this.settings.appSecret).update(token).digest('hex');
  }

  /** Timed by provider, path and outcome (identity_provider_request_duration_seconds). */
  private call<T>(method: 'GET' | 'POST', path: string, params: Record<string, string>, token?: string): Promise<T> {
    const call = () => this.request<T>(method, path, params, token);
    if (!this.metrics) return call();
    return this.metrics.timeProviderCall('facebook', path, call, (error) => error instanceof FacebookRejectedError);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    token?: string,
  ): Promise<T> {
    const url = new URL(`${this.settings.graphUrl}${path}`);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) {
      headers.authorization = `Bearer ${token}`;
      params = { ...params, appsecret_proof: this.appSecretProof(token) };
    }
    let body: URLSearchParams | undefined;
    if (method === 'GET') for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    else body = new URLSearchParams(params);
    let response: globalThis.Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.config.FACEBOOK_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new FacebookUnavailableError(`Facebook ${reason}`);
    }
    const payload = (await response.json().catch(() => undefined)) as
      (T & { error?: { message?: string } }) | undefined;
    if (response.status >= 500 || payload === undefined)
      throw new FacebookUnavailableError(`Facebook answered ${response.status}`);
    if (!response.ok || payload.error)
      throw new FacebookRejectedError(payload.error?.message ?? `Facebook answered ${response.status}`);
    return payload;
  }
}
