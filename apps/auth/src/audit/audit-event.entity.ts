import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AuditEventType =
  | 'login_succeeded'
  | 'login_failed'
  | 'refresh'
  | 'refresh_reuse_detected'
  | 'logout'
  | 'logout_all'
  | 'session_revoked'
  | 'session_evicted'
  | 'ban'
  | 'unban'
  | 'roles_changed'
  | 'token_exchange'
  | 'client_credentials'
  | 'deauthorized'
  | 'data_deleted'
  | 'login_linked'
  | 'login_unlinked';

/** Append-only (a trigger refuses UPDATE and DELETE). Never holds a token. */
@Entity({ schema: 'auth', name: 'audit_events' })
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  type: AuditEventType;

  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'jsonb' })
  detail: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
