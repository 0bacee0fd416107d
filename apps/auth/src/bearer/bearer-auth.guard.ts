import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { type AccessTokenClaims, bearerChallenge, bearerTokenOf, InvalidAccessTokenError } from '@app/security';
import { Account } from '../accounts/account.entity';
import { SessionService } from '../sessions/session.service';
import { LocalAccessTokenVerifier } from '../tokens/local-access-token-verifier';

export type AuthenticatedRequest = Request & { auth: AccessTokenClaims };

class TokenRefused extends Error {}
const refuse = (description: string) => new TokenRefused(description);

/**
 * Guards the auth app's own account routes (`/auth/me`, `/auth/sessions`, `/auth/logout-all`).
 * Verifies with the local keys and checks the session and account in the database, so a
 * revocation is effective here at once.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: LocalAccessTokenVerifier,
    private readonly sessions: SessionService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    try {
      http.getRequest<AuthenticatedRequest>().auth = await this.authenticate(http.getRequest<AuthenticatedRequest>());
      return true;
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      // RFC 6750 §3: the challenge tells the client to get a new token.
      http.getResponse<Response>().setHeader('WWW-Authenticate', bearerChallenge('invalid_token', error.message));
      throw new UnauthorizedException({ statusCode: 401, error: 'invalid_token', message: error.message });
    }
  }

  private async authenticate(request: AuthenticatedRequest): Promise<AccessTokenClaims> {
    const token = bearerTokenOf(request.headers.authorization);
    if (!token) throw refuse('a bearer access token is required');
    let claims: AccessTokenClaims;
    try {
      claims = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw refuse(error.message);
      throw error;
    }
    if (!claims.sid || claims.act) throw refuse('a user access token is required');
    if (!(await this.sessions.findLive(claims.sid))) throw refuse('the session has ended');
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: claims.sub });
    if (!account || account.bannedAt) throw refuse('the account is not active');
    return claims;
  }
}
