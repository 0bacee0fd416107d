import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { PeerFacebookClient } from './peer-facebook.client';
import { PEER_KEYS, type PeerKeys } from './peer-keys';
import { PeerSession } from './peer-session.entity';
import { PeerUser } from './peer-user.entity';

const newHash = () => createHash('sha256').update(randomBytes(32)).digest('hex');

/** Tokens and sessions the way brocoders/nestjs-boilerplate's AuthService makes and rotates them. */
@Injectable()
export class PeerAuthService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(PEER_KEYS) private readonly keys: PeerKeys,
    @InjectRepository(PeerUser) private readonly users: Repository<PeerUser>,
    @InjectRepository(PeerSession) private readonly sessions: Repository<PeerSession>,
    private readonly facebook: PeerFacebookClient,
  ) {}

  /** A login, minus the identity provider: a user and a session, and their tokens. */
  async login(name: string) {
    const user = await this.users.save(this.users.create({ name }));
    const session = await this.sessions.save(this.sessions.create({ userId: user.id, hash: newHash() }));
    return this.tokens(user.id, session);
  }

  /** The boilerplate's social login: the provider's profile, the user found or created, a session. */
  async loginWithFacebook(accessToken: string) {
    const profile = await this.facebook.profile(accessToken);
    let user = await this.users.findOne({ where: { provider: 'facebook', socialId: profile.id } });
    user ??= await this.users.save(
      this.users.create({ name: profile.name ?? 'Facebook user', provider: 'facebook', socialId: profile.id }),
    );
    const session = await this.sessions.save(this.sessions.create({ userId: user.id, hash: newHash() }));
    return this.tokens(user.id, session);
  }

  async refresh(sessionId: string, hash: string) {
    const session = await this.sessions.findOne({ where: { id: sessionId } });
    if (!session || session.hash !== hash) throw new UnauthorizedException();
    session.hash = newHash();
    await this.sessions.update(session.id, { hash: session.hash });
    return this.tokens(session.userId, session);
  }

  private async tokens(userId: string, session: PeerSession) {
    const [token, refreshToken] = await Promise.all([
      this.jwt.signAsync({ sub: userId, sessionId: session.id }, { privateKey: this.keys.accessPrivate }),
      this.jwt.signAsync(
        { sessionId: session.id, hash: session.hash },
        { secret: this.keys.refreshSecret as string, algorithm: 'HS256', expiresIn: '30d' },
      ),
    ]);
    return { token, refreshToken };
  }
}
