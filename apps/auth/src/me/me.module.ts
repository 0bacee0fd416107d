import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LiveSessionGuard } from './live-session.guard';
import { LogoutAllController } from './logout-all.controller';
import { MeController } from './me.controller';
import { SessionsController } from './sessions.controller';

/** The signed-in account's own routes, checked against the database at each call. */
@Module({
  imports: [AccountsModule, AuditModule, SessionsModule],
  controllers: [MeController, SessionsController, LogoutAllController],
  providers: [LiveSessionGuard],
  exports: [LiveSessionGuard],
})
export class MeModule {}
