import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { bearerChallenge, callerOf } from '@app/security';
import { Account } from '../accounts/account.entity';
import { SessionService } from '../sessions/session.service';

/**
 * For the account's own routes (`/auth/me`, `/auth/sessions`, `/auth/logout-all`), after the
 * global guard verified the token: it must be a user's token whose session is live right now
 * in the database, so a logout is effective here at once, not after the feed catches up.
 */
@Injectable()
export class LiveSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const claims = callerOf(context)?.claims;
    let refusal: string | undefined;
    if (!claims?.sid || claims.act) refusal = 'a user access token is required';
    else if (!(await this.sessions.findLive(claims.sid))) refusal = 'the session has ended';
    else {
      const account = await this.dataSource.getRepository(Account).findOneBy({ id: claims.sub });
      if (!account || account.bannedAt) refusal = 'the account is not active';
    }
    if (!refusal) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', bearerChallenge('invalid_token', refusal));
    throw new UnauthorizedException({ statusCode: 401, error: 'invalid_token', message: refusal });
  }
}
