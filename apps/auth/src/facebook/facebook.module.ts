import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { FacebookEmulatorController } from './emulator/facebook-emulator.controller';
import { FacebookAccountService } from './facebook-account.service';
import { FacebookCallbacksController } from './facebook-callbacks.controller';
import { FacebookGraphClient } from './facebook-graph.client';
import { FacebookLoginController } from './facebook-login.controller';
import { FacebookLoginProvider } from './facebook-login.provider';
import { FacebookRpcController } from './facebook-rpc.controller';
import { FacebookSettings } from './facebook-settings';
import { FacebookTokenCipher } from './facebook-token-cipher';
import { LoginCodeService } from './login-code.service';
import { LoginStateCookie } from './login-state-cookie';

/** Facebook login (redirect and SDK flows), Facebook's callbacks, and the emulator. */
@Module({
  imports: [AuthModule],
  controllers: [FacebookLoginController, FacebookCallbacksController, FacebookEmulatorController, FacebookRpcController],
  providers: [
    FacebookSettings,
    FacebookGraphClient,
    FacebookTokenCipher,
    FacebookLoginProvider,
    FacebookAccountService,
    LoginStateCookie,
    LoginCodeService,
    AuthorizationCodeGrant,
  ],
  exports: [FacebookSettings, FacebookTokenCipher],
})
export class FacebookModule {}
