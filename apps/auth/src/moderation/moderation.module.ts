import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { SessionsModule } from '../sessions/sessions.module';
import { BanService } from './ban.service';
import { SessionModeration } from './session-moderation.service';

@Module({
  imports: [AccountsModule, AuditModule, ClockModule, SessionsModule],
  providers: [BanService, SessionModeration],
  exports: [BanService, SessionModeration],
})
export class ModerationModule {}
