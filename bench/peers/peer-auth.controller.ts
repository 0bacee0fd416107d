import { Body, Controller, HttpCode, Post, Request, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { PeerAuthService } from './peer-auth.service';

@Controller('auth')
export class PeerAuthController {
  constructor(private readonly auth: PeerAuthService) {}

  @Post('login')
  @HttpCode(200)
  login(@Body() body: { name: string }) {
    return this.auth.login(body.name);
  }

  @Post('facebook/login')
  @HttpCode(200)
  loginWithFacebook(@Body() body: { accessToken: string }) {
    return this.auth.loginWithFacebook(body.accessToken);
  }

  @Post('refresh')
  @UseGuards(AuthGuard('jwt-refresh'))
  @HttpCode(200)
  refresh(@Request() request: { user: { sessionId: string; hash: string } }) {
    return this.auth.refresh(request.user.sessionId, request.user.hash);
  }
}
