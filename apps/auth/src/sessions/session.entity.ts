import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A login session: one refresh-token family. Its id is the `sid` claim of its access tokens. */
@Entity({ schema: 'auth', name: 'sessions' })
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** The login provider that opened it, e.g. `facebook`. */
  @Column({ type: 'text' })
  provider: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt: Date;

  /** Sliding: pushed forward by REFRESH_TOKEN_TTL on each refresh, never past `expiresAt`. */
  @Column({ name: 'idle_expires_at', type: 'timestamptz' })
  idleExpiresAt: Date;

  /** Absolute: created_at + REFRESH_TOKEN_MAX_AGE. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  /** Session mode: SHA-256 of the browser's session cookie, which holds the session instead of a refresh token. */
  @Column({ name: 'browser_secret_hash', type: 'text', nullable: true })
  browserSecretHash: string | null;
}
