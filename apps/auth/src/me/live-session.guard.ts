import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { bearerChallenge, callerOf, RpcStatusException } from '@app/security';
import { SessionService } from '../sessions/session.service';

/**
 * For the account's own routes (`/auth/me`, `/auth/sessions`, `/auth/logout-all`) and the admin
 * patterns, after the global guard verified the token: it must be a user's token whose session is
 * usable right now in the database and that is not older than the account's last change (roles,
 * ban), so a logout or a demotion is effective here at once, not after the feed catches up.
 */
@Injectable()
export class LiveSessionGuard implements CanActivate {
  constructor(private readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const claims = callerOf(context)?.claims;
    const refusal = claims ? await this.sessions.tokenRefusal(claims) : 'a user access token is required';
    if (!refusal) return true;
    if (context.getType() === 'rpc') throw new RpcStatusException(401, 'invalid_token', refusal);
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', bearerChallenge('invalid_token', refusal));
    throw new UnauthorizedException({ statusCode: 401, error: 'invalid_token', message: refusal });
  }
}
