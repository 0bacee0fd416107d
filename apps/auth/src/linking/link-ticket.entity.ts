import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Permission, for 60 s and once, to add a provider login to an account; only its hash is stored. */
@Entity({ schema: 'auth', name: 'link_tickets' })
export class LinkTicket {
  @PrimaryColumn({ name: 'ticket_hash', type: 'text' })
  ticketHash: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  /** The session that asked for it. */
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
