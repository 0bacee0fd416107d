import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { TokensModule } from '../tokens/tokens.module';
import { BrowserSessionRpcController } from './browser-session-rpc.controller';
import { BrowserSessionController } from './browser-session.controller';
import { BrowserSessionService } from './browser-session.service';

/** Sessions as browsers hold them: GET /auth/session, and session mode's token for the gateway. */
@Module({
  imports: [SessionsModule, TokensModule],
  controllers: [BrowserSessionController, BrowserSessionRpcController],
  providers: [BrowserSessionService],
})
export class BrowserModule {}
