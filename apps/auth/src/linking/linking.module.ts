import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ClockModule } from '../clock/clock.module';
import { MeModule } from '../me/me.module';
import { SessionsModule } from '../sessions/sessions.module';
import { LinkTicket } from './link-ticket.entity';
import { LinkTicketService } from './link-ticket.service';
import { LinkTicketsController } from './link-tickets.controller';
import { LoginsController } from './logins.controller';

/**
 * One account, several logins: link tickets (redeemed when a provider login starts, see
 * LoginModule) and unlinking. Accounts are never merged, and never matched by e-mail address.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LinkTicket]), AccountsModule, ClockModule, MeModule, SessionsModule],
  controllers: [LinkTicketsController, LoginsController],
  providers: [LinkTicketService],
  exports: [LinkTicketService],
})
export class LinkingModule {}
