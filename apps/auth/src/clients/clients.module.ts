import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { ServiceClientRegistry } from './service-client-registry';
import { TokenExchangeGrant } from './token-exchange.grant';
import { featureConfigProvider } from '@app/common';
import { ClientsConfig } from './clients.config';

/** Service clients (SERVICE_CLIENTS): their own tokens and on-behalf-of exchange. */
@Module({
  imports: [AuditModule, KeysModule, SessionsModule, TokensModule],
  providers: [ServiceClientRegistry, ClientCredentialsGrant, TokenExchangeGrant, featureConfigProvider(ClientsConfig)],
  exports: [ServiceClientRegistry],
})
export class ClientsModule {}
