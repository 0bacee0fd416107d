import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** As brocoders/nestjs-boilerplate keeps a user: social logins by provider and the provider's id. */
@Entity({ schema: 'bench_peer', name: 'users' })
@Index(['provider', 'socialId'], { unique: true })
export class PeerUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  provider: string | null;

  @Column({ type: 'text', nullable: true })
  socialId: string | null;
}
