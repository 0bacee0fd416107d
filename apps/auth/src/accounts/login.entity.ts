import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { Account } from './account.entity';

/** One way into an account: a provider (e.g. `facebook`) and that provider's user id. */
@Entity({ schema: 'auth', name: 'logins' })
@Unique('uq_logins_provider_user', ['provider', 'providerUserId'])
export class Login {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne('Account', (account: Account) => account.logins, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text' })
  provider: string;

  @Column({ name: 'provider_user_id', type: 'text' })
  providerUserId: string;

  /** SHA-256 of the provider's long-lived token; the token itself is never stored in clear. */
  @Column({ name: 'token_hash', type: 'text', nullable: true })
  tokenHash: string | null;

  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true })
  tokenExpiresAt: Date | null;

  /** AES-256-GCM ciphertext of the long-lived token, only when FACEBOOK_TOKEN_KEY is configured. */
  @Column({ name: 'token_ciphertext', type: 'text', nullable: true })
  tokenCiphertext: string | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
