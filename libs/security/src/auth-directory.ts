import type { JSONWebKeySet } from 'jose';

/** One entry of the auth app's revocation feed. */
export interface RevocationFeedEntry {
  cursor: string;
  sid?: string;
  sub?: string;
  /** Epoch seconds: tokens of `sub` issued before this are revoked. */
  notBefore?: number;
  /** Epoch seconds after which no token this entry affects can still be live. */
  expiresAt: number;
  /** Epoch ms of the revocation (for the propagation delay metric). */
  revokedAt?: number;
}

export interface RevocationFeedPage {
  cursor: string;
  entries: RevocationFeedEntry[];
}

/**
 * Where a service learns what the auth app publishes: its public keys and its revocations.
 * Over RPC in split mode; in-process when the auth module runs in the same process.
 */
export abstract class AuthDirectory {
  abstract jwks(): Promise<JSONWebKeySet>;
  abstract revocations(after: string | undefined): Promise<RevocationFeedPage>;
}
