import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Account } from './account.entity';

export type ClaimType = 'role' | 'scope';

/** A role or scope held by an account; access tokens carry all of an account's claims. */
@Entity({ schema: 'auth', name: 'claims' })
@Unique('uq_claims_account_type_value', ['accountId', 'type', 'value'])
export class Claim {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne('Account', (account: Account) => account.claims, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: Account;

  @Column({ type: 'text' })
  type: ClaimType;

  @Column({ type: 'text' })
  value: string;

  /** Where the claim came from, e.g. `facebook` (ADMIN_FACEBOOK_IDS) or `admin` (granted by hand). */
  @Column({ type: 'text' })
  source: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
