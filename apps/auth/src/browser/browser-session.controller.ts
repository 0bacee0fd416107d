import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { API_SECURITY, type BrowserCookies, browserCookies, cookieOf, Environment, Public } from '@app/common';
import { ServiceAudience } from '@app/security';
import { BrowserSessionService, type BrowserSessionState } from './browser-session.service';
import { MAX_HINT_LENGTH, rememberSignedIn } from './hint-cookie';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('auth: browser sessions')
@Controller('auth')
@ServiceAudience('auth')
@Public()
export class BrowserSessionController {
  private readonly cookies: BrowserCookies;

  constructor(
    env: Environment,
    private readonly browserSessions: BrowserSessionService,
  ) {
    this.cookies = browserCookies(env);
  }

  /**
   * `anonymous`, `returning` (someone signed in here before: their name, for "Continue as …") or
   * `signed-in`, from the browser's cookies. Spends nothing, so tabs may ask as often as they like.
   */
  @ApiOperation({
    summary: 'Who this browser is: signed-in {id, name}, returning {name}, or anonymous; rotates nothing',
  })
  @ApiCookieAuth(API_SECURITY.refreshCookie)
  @ApiCookieAuth(API_SECURITY.sessionCookie)
  @Get('session')
  async session(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<BrowserSessionState> {
    const { cookies } = this;
    const state = await this.browserSessions.state({
      refreshToken: cookieOf(request, cookies.refresh.name),
      sessionSecret: cookieOf(request, cookies.session.name),
      hintName: cookieOf(request, cookies.hint.name)?.slice(0, MAX_HINT_LENGTH),
    });
    if (state.state === 'signed-in') rememberSignedIn(response, cookies, state.account.name);
    return state;
  }
}
