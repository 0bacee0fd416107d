import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ schema: 'bench_peer', name: 'users' })
export class PeerUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;
}
