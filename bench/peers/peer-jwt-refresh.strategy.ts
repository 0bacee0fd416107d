import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { PEER_KEYS, type PeerKeys } from './peer-keys';

/** The refresh token, as brocoders/nestjs-boilerplate's JwtRefreshStrategy checks it (HS256). */
@Injectable()
export class PeerJwtRefreshStrategy extends PassportStrategy(Strategy, 'jwt-refresh') {
  constructor(@Inject(PEER_KEYS) keys: PeerKeys) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: keys.refreshSecret as string,
      algorithms: ['HS256'],
    });
  }

  validate(payload: { sessionId: string; hash: string }) {
    return payload;
  }
}
