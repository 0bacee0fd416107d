import { Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Environment } from '@app/common';
import { OAuthException } from '../shared/oauth.exception';
import type { TokenParameters } from '../tokens/token-grant';
import { DEVELOPMENT_ORDERS_CLIENT_SECRET, SCOPES } from '@app/contracts';
import { ClientsConfig } from './clients.config';

export interface ServiceClient {
  id: string;
  secretSha256: string;
  /** Audiences it may ask tokens for. */
  audiences: string[];
  /** The widest scope it may hold. */
  scopes: string[];
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Decodes `application/x-www-form-urlencoded` as RFC 6749 §2.3.1 asks for Basic credentials. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/**
 * The service clients of SERVICE_CLIENTS. Secrets are high-entropy, so a SHA-256 is what is
 * configured and stored; the plain secret lives only in the client's own environment.
 */
@Injectable()
export class ServiceClientRegistry {
  private readonly clients = new Map<string, ServiceClient>();

  constructor(env: Environment, config: ClientsConfig) {
    for (const client of this.parse(env, config)) this.clients.set(client.id, client);
  }

  /** RFC 6749 §2.3.1: HTTP Basic or client_id/client_secret in the body, not both. */
  authenticate(parameters: TokenParameters, authorization: string | undefined): ServiceClient {
    let id = parameters.client_id;
    let secret = parameters.client_secret;
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
    if (basic) {
      if (secret) throw new OAuthException('invalid_request', 'use one client authentication method');
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new OAuthException('invalid_client', 'malformed client credentials');
      try {
        [id, secret] = [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
      } catch {
        throw new OAuthException('invalid_client', 'malformed client credentials');
      }
    }
    const client = id ? this.clients.get(id) : undefined;
    const expected = Buffer.from(client?.secretSha256 ?? sha256('no such client'), 'hex');
    const presented = Buffer.from(sha256(secret ?? ''), 'hex');
    if (!client || !secret || !timingSafeEqual(expected, presented))
      throw new OAuthException('invalid_client', 'client authentication failed');
    return client;
  }

  private parse(env: Environment, { SERVICE_CLIENTS }: ClientsConfig): ServiceClient[] {
    if (!SERVICE_CLIENTS) {
      if (env.NODE_ENV === 'production') return [];
      const secret = env.ORDERS_CLIENT_SECRET ?? DEVELOPMENT_ORDERS_CLIENT_SECRET;
      return [
        {
          id: 'orders',
          secretSha256: sha256(secret),
          audiences: ['inventory'],
          scopes: [SCOPES.inventoryReserve, SCOPES.inventoryRelease],
        },
      ];
    }
    let raw: unknown;
    try {
      raw = JSON.parse(SERVICE_CLIENTS);
    } catch {
      throw new Error('SERVICE_CLIENTS must be a JSON array of {id, secret_sha256, audiences, scopes}');
    }
    if (!Array.isArray(raw))
      throw new Error('SERVICE_CLIENTS must be a JSON array of {id, secret_sha256, audiences, scopes}');
    return raw.map((entry: Record<string, unknown>, index) => {
      const strings = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');
      if (
        typeof entry?.id !== 'string' ||
        !/^[a-z][a-z0-9-]{1,40}$/.test(entry.id) ||
        typeof entry.secret_sha256 !== 'string' ||
        !/^[0-9a-f]{64}$/.test(entry.secret_sha256) ||
        !strings(entry.audiences) ||
        !strings(entry.scopes)
      ) {
        throw new Error(
          `SERVICE_CLIENTS[${index}] must have id, secret_sha256 (64 hex), audiences and scopes (string arrays)`,
        );
      }
      return {
        id: entry.id,
        secretSha256: entry.secret_sha256,
        audiences: entry.audiences as string[],
        scopes: entry.scopes as string[],
      };
    });
  }
}
