import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A ban held against a provider identity rather than an account row: it survives the deletion of
 * the user's data (Facebook's data-deletion callback) and refuses admission until an admin lifts it.
 * Only a hash of provider and provider user id is kept, no personal data.
 */
@Entity({ schema: 'auth', name: 'banned_identities' })
export class BannedIdentity {
  /** {@link identityHash} of the login. */
  @PrimaryColumn({ name: 'identity_hash', type: 'text' })
  identityHash: string;

  /** The account that holds the ban now; null once that account was deleted. */
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ name: 'banned_at', type: 'timestamptz' })
  bannedAt: Date;
}
