import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { ClientsModule } from '../clients/clients.module';
import { KeysModule } from '../keys/keys.module';
import { MeModule } from '../me/me.module';
import { ModerationModule } from '../moderation/moderation.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthRpcController } from './auth-rpc.controller';
import { LocalAuthDirectory } from './local-auth-directory';

/** The auth app's `auth.*` patterns, and its keys and feed read in-process by a co-hosted security module. */
@Module({
  // SessionsModule: the LiveSessionGuard on the admin patterns is built in this module's context.
  imports: [
    AccountsModule,
    AuditModule,
    ClientsModule,
    KeysModule,
    MeModule,
    ModerationModule,
    RevocationsModule,
    SessionsModule,
    TokensModule,
  ],
  controllers: [AuthRpcController],
  providers: [LocalAuthDirectory],
  exports: [LocalAuthDirectory],
})
export class RpcModule {}
