import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A one-time code the redirect flow hands to the SPA; only its hash is stored. */
@Entity({ schema: 'auth', name: 'login_codes' })
export class LoginCode {
  @PrimaryColumn({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @Column({ type: 'text' })
  provider: string;

  /** PKCE S256 challenge the redeemer's code_verifier must match. */
  @Column({ name: 'code_challenge', type: 'text' })
  codeChallenge: string;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
