import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IS_PUBLIC } from '@app/common';
import type { AccessTokenClaims } from './access-token-claims';
import { InvalidAccessTokenError } from './access-token-verifier';
import { bearerChallenge, bearerTokenOf } from './bearer-token';
import { attachCaller } from './caller-context';
import { ACTORS, ROLES, SCOPES, SERVICE_AUDIENCE } from './decorators';
import { RpcStatusException } from './rpc-status.exception';
import { SECURITY_OPTIONS, type SecurityOptions } from './security-options';
import { TokenVerificationService } from './token-verification.service';

class Refusal {
  constructor(
    readonly status: 401 | 403,
    readonly message: string,
  ) {}
}

/**
 * The one global guard, for HTTP routes and RPC handlers alike. Default deny: a handler needs
 * `@Public()` or a valid token; then `@DelegatedBy`, `@Roles` and `@Scopes` narrow it further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerificationService,
    @Inject(SECURITY_OPTIONS) private readonly options: SecurityOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType();
    if (type !== 'http' && type !== 'rpc') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    try {
      const token = bearerTokenOf(this.authorizationOf(context));
      if (!token) throw new Refusal(401, 'a bearer access token is required');
      const audience = this.reflector.getAllAndOverride<string>(SERVICE_AUDIENCE, targets) ?? this.options.defaultAudience;
      let claims: AccessTokenClaims;
      try {
        claims = await this.tokens.verify(token, audience);
      } catch (error) {
        if (error instanceof InvalidAccessTokenError) throw new Refusal(401, error.message);
        throw error;
      }
      this.authorize(claims, targets);
      attachCaller(context, { claims, token });
      return true;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      throw this.toException(context, error);
    }
  }

  private authorize(claims: AccessTokenClaims, targets: Parameters<Reflector['getAllAndOverride']>[1]): void {
    const actors = this.reflector.getAllAndOverride<string[]>(ACTORS, targets);
    if (actors && !(claims.act && actors.includes(claims.act.sub))) {
      throw new Refusal(403, `only a token delegated to ${actors.join(' or ')} may call this`);
    }
    const roles = this.reflector.getAllAndOverride<string[]>(ROLES, targets);
    if (roles?.length && !roles.some((role) => claims.roles.includes(role))) {
      throw new Refusal(403, `requires role ${roles.join(' or ')}`);
    }
    const scopes = this.reflector.getAllAndOverride<string[]>(SCOPES, targets);
    const missing = scopes?.filter((scope) => !claims.scopes.includes(scope)) ?? [];
    if (missing.length) throw new Refusal(403, `requires scope ${missing.join(' ')}`);
  }

  private authorizationOf(context: ExecutionContext): unknown {
    if (context.getType() === 'http') return context.switchToHttp().getRequest().headers?.authorization;
    const rpc = context.switchToRpc().getContext() as { getMetadata?: () => Record<string, string> | undefined };
    return typeof rpc?.getMetadata === 'function' ? rpc.getMetadata()?.authorization : undefined;
  }

  private toException(context: ExecutionContext, refusal: Refusal): Error {
    if (context.getType() === 'rpc') {
      return new RpcStatusException(refusal.status, refusal.status === 401 ? 'invalid_token' : 'forbidden', refusal.message);
    }
    if (refusal.status === 403) return new ForbiddenException(refusal.message);
    // RFC 6750 §3: the challenge tells the client to obtain a new token.
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', bearerChallenge('invalid_token', refusal.message));
    return new UnauthorizedException({ statusCode: 401, error: 'invalid_token', message: refusal.message });
  }
}
