import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Facebook's data deletion callback: what was asked and what became of it. Holds no personal data. */
@Entity({ schema: 'auth', name: 'data_deletion_requests' })
export class DataDeletionRequest {
  @PrimaryColumn({ name: 'confirmation_code', type: 'text' })
  confirmationCode: string;

  @Column({ type: 'text' })
  provider: string;

  /** SHA-256 of the provider user id: enough to answer a repeat, not to identify anyone. */
  @Column({ name: 'provider_user_hash', type: 'text' })
  providerUserHash: string;

  @Column({ type: 'text' })
  status: 'completed';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
