import { type DynamicModule, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeerAuthController } from './peer-auth.controller';
import { PeerAuthService } from './peer-auth.service';
import { PeerFacebookClient } from './peer-facebook.client';
import { PeerHealthController } from './peer-health.controller';
import { PeerJwtRefreshStrategy } from './peer-jwt-refresh.strategy';
import { PeerJwtStrategy } from './peer-jwt.strategy';
import { PEER_KEYS, type PeerKeys } from './peer-keys';
import { PeerOrderItem } from './peer-order-item.entity';
import { PeerOrder } from './peer-order.entity';
import { PeerOrdersController } from './peer-orders.controller';
import { PeerSession } from './peer-session.entity';
import { PeerUser } from './peer-user.entity';

const entities = [PeerUser, PeerSession, PeerOrder, PeerOrderItem];

/** The app a team would write from the NestJS docs (auth with Passport and JWT, TypeORM). */
@Module({})
export class PeerAppModule {
  static forRoot(keys: PeerKeys, databaseUrl: string): DynamicModule {
    return {
      module: PeerAppModule,
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, entities, synchronize: true }),
        TypeOrmModule.forFeature(entities),
        PassportModule,
        JwtModule.register({
          privateKey: keys.accessPrivate,
          publicKey: keys.accessPublic,
          signOptions: { algorithm: 'RS256', expiresIn: '15m' },
        }),
      ],
      controllers: [PeerAuthController, PeerOrdersController, PeerHealthController],
      providers: [
        { provide: PEER_KEYS, useValue: keys },
        PeerAuthService,
        PeerFacebookClient,
        PeerJwtStrategy,
        PeerJwtRefreshStrategy,
      ],
    };
  }
}
