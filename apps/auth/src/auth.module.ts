import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { authEntities } from './auth.database';

/** The auth service: accounts, logins, claims, tokens and sessions. */
@Module({
  imports: [TypeOrmModule.forFeature(authEntities)],
})
export class AuthModule {}
