import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { Account } from './account.entity';
import { AccountService } from './account.service';
import { BannedIdentity } from './banned-identity.entity';
import { Claim } from './claim.entity';
import { Login } from './login.entity';

/** Accounts, their logins (one per provider identity), their claims, and bans kept against identities. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Account, Login, Claim, BannedIdentity]),
    AuditModule,
    ClockModule,
    RevocationsModule,
  ],
  providers: [AccountService],
  exports: [AccountService],
})
export class AccountsModule {}
