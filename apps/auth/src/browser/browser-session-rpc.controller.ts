import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Public } from '@app/common';
import { RpcStatusException, ServiceAudience } from '@app/security';
import { BrowserSessionService } from './browser-session.service';
import { AUTH_PATTERNS, BrowserSessionTokenRequest } from '@app/contracts';

/** The gateway's side of session mode: a session cookie in, an access token out. */
@Controller()
@ServiceAudience('auth')
export class BrowserSessionRpcController {
  constructor(private readonly browserSessions: BrowserSessionService) {}

  /** Public like the token endpoint: the cookie's secret is the credential. */
  @MessagePattern(AUTH_PATTERNS.browserSessionToken)
  @Public()
  async token(@Payload() request: BrowserSessionTokenRequest) {
    const token = await this.browserSessions.accessToken(request.secret);
    if (!token) throw new RpcStatusException(401, 'invalid_token', 'the session has ended');
    return token;
  }
}
