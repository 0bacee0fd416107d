import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { KeysModule } from '../keys/keys.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { LogoutController } from './logout.controller';
import { RefreshToken } from './refresh-token.entity';
import { SessionCleanupJob } from './session-cleanup.job';
import { Session } from './session.entity';
import { SessionService } from './session.service';
import { featureConfigProvider } from '@app/common';
import { SessionsConfig } from './sessions.config';

/** Sessions (refresh-token families or browser sessions), their rotation, ending and cleanup. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Session, RefreshToken]),
    AuditModule,
    ClockModule,
    KeysModule,
    RateLimitModule,
    RevocationsModule,
  ],
  controllers: [LogoutController],
  providers: [SessionService, SessionCleanupJob, featureConfigProvider(SessionsConfig)],
  exports: [SessionService, SessionsConfig],
})
export class SessionsModule {}
