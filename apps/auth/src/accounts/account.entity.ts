import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Claim } from './claim.entity';
import type { Login } from './login.entity';

@Entity({ schema: 'auth', name: 'accounts' })
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'banned_at', type: 'timestamptz', nullable: true })
  bannedAt: Date | null;

  @Column({ name: 'ban_reason', type: 'text', nullable: true })
  banReason: string | null;

  /** Access tokens issued before this are refused (see RevocationService.revokeAccountTokens). */
  @Column({ name: 'tokens_not_before', type: 'timestamptz', nullable: true })
  tokensNotBefore: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany('Login', (login: Login) => login.account)
  logins: Login[];

  @OneToMany('Claim', (claim: Claim) => claim.account)
  claims: Claim[];
}
