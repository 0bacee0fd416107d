import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An entry of the revocation feed services poll: a whole session (`sid`), or every token of an
 * account issued before `notBefore` (`sub`). Kept until the last access token it could affect expires.
 */
@Entity({ schema: 'auth', name: 'revocations' })
export class Revocation {
  /** The feed cursor: strictly increasing. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
