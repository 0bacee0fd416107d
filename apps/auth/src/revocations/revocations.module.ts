import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '../clock/clock.module';
import { Revocation } from './revocation.entity';
import { RevocationService } from './revocation.service';
import { featureConfigProvider } from '@app/common';
import { AccessTokensConfig } from '../shared/access-tokens.config';

/** The revocation feed every service pulls. */
@Module({
  imports: [TypeOrmModule.forFeature([Revocation]), ClockModule],
  providers: [RevocationService, featureConfigProvider(AccessTokensConfig)],
  exports: [RevocationService],
})
export class RevocationsModule {}
