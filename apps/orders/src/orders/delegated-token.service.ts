import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { Environment, InjectService } from '@app/common';
import { sendRpc } from '@app/security';
import { AUTH_PATTERNS, DEVELOPMENT_ORDERS_CLIENT_SECRET, SCOPES } from '@app/contracts';

const CACHE_LIMIT = 10_000;
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Exchanges the caller's user token for one that lets orders act for that user at inventory
 * (RFC 8693, `auth.token`), and keeps it until shortly before it expires; and orders' own token.
 */
@Injectable()
export class DelegatedTokenService implements OnModuleInit {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();
  private own?: { token: string; expiresAt: number };
  private secret: string;

  constructor(
    private readonly env: Environment,
    @InjectService('auth') private readonly auth: ClientProxy,
  ) {}

  onModuleInit(): void {
    if (!this.env.ORDERS_CLIENT_SECRET && this.env.NODE_ENV === 'production') {
      throw new Error('ORDERS_CLIENT_SECRET is required in production: orders authenticates to auth to reserve stock');
    }
    this.secret = this.env.ORDERS_CLIENT_SECRET ?? DEVELOPMENT_ORDERS_CLIENT_SECRET;
  }

  /** Orders' own token for inventory (client_credentials), for work no user is waiting on: the sweeper's. */
  async ownForInventory(): Promise<string> {
    if (this.own && this.own.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return this.own.token;
    const response = await sendRpc<{ access_token: string; expires_in: number }>(this.auth, AUTH_PATTERNS.token, {
      grant_type: 'client_credentials',
      client_id: 'orders',
      client_secret: this.secret,
      audience: 'inventory',
      scope: SCOPES.inventoryRelease,
    });
    this.own = { token: response.access_token, expiresAt: Date.now() + response.expires_in * 1000 };
    return response.access_token;
  }

  async forInventory(userToken: string): Promise<string> {
    const key = createHash('sha256').update(userToken).digest('base64url');
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached.token;
    const response = await sendRpc<{ access_token: string; expires_in: number }>(this.auth, AUTH_PATTERNS.token, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: 'orders',
      client_secret: this.secret,
      subject_token: userToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      audience: 'inventory',
      scope: SCOPES.inventoryReserve,
    });
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { token: response.access_token, expiresAt: Date.now() + response.expires_in * 1000 });
    return response.access_token;
  }
}
