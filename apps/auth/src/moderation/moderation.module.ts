import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { SessionsModule } from '../sessions/sessions.module';
import { BanService } from './ban.service';

@Module({
  imports: [AccountsModule, AuditModule, ClockModule, SessionsModule],
  providers: [BanService],
  exports: [BanService],
})
export class ModerationModule {}
