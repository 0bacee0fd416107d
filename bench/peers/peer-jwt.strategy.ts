import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { PEER_KEYS, type PeerKeys } from './peer-keys';

/** The access token, as the NestJS docs' JwtStrategy checks it (RS256 with the public key). */
@Injectable()
export class PeerJwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(PEER_KEYS) keys: PeerKeys) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      // passport-jwt hands this to jsonwebtoken, which takes a KeyObject as well as a PEM string.
      secretOrKey: keys.accessPublic as string,
      algorithms: ['RS256'],
    });
  }

  validate(payload: { sub: string; sessionId: string }) {
    return { userId: payload.sub, sessionId: payload.sessionId };
  }
}
