import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** As brocoders/nestjs-boilerplate keeps it: one row per login, the current refresh token's hash. */
@Entity({ schema: 'bench_peer', name: 'sessions' })
export class PeerSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  hash: string;

  @CreateDateColumn()
  createdAt: Date;
}
