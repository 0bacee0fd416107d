import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { IS_PUBLIC, rpcMetadataOf } from '@app/common';
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

/** What a handler demands of its callers, read once from its decorators (and its class's). */
interface RoutePolicy {
  isPublic: boolean;
  audience: string;
  actors?: string[];
  roles?: string[];
  scopes?: string[];
}

/**
 * The one global guard, for HTTP routes and RPC handlers alike. Default deny: a handler needs
 * `@Public()` or a valid token; then `@DelegatedBy`, `@Roles` and `@Scopes` narrow it further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Decorator metadata is fixed once the app is built: read it once per handler instead of ten
   * reflection lookups on every request and message. Filed by class, then handler: a handler a
   * controller inherits is shared with its base class, whose decorators may differ.
   */
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerificationService,
    @Inject(SECURITY_OPTIONS) private readonly options: SecurityOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType();
    if (type !== 'http' && type !== 'rpc') return true;
    const policy = this.policyOf(context);
    if (policy.isPublic) return true;
    try {
      const token = bearerTokenOf(this.authorizationOf(context));
      if (!token) throw new Refusal(401, 'a bearer access token is required');
      let claims: AccessTokenClaims;
      try {
        claims = await this.tokens.verify(token, policy.audience);
      } catch (error) {
        if (error instanceof InvalidAccessTokenError) throw new Refusal(401, error.message);
        throw error;
      }
      this.authorize(claims, policy);
      attachCaller(context, { claims, token });
      return true;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      throw this.toException(context, error);
    }
  }

  /** The policy of this context's handler; a handler's decorator overrides its class's. */
  private policyOf(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    const controller = context.getClass();
    let ofController = this.policies.get(controller);
    if (!ofController) this.policies.set(controller, (ofController = new WeakMap()));
    let policy = ofController.get(handler);
    if (!policy) {
      const targets = [handler, controller];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        audience: this.reflector.getAllAndOverride<string>(SERVICE_AUDIENCE, targets) ?? this.options.defaultAudience,
        actors: this.reflector.getAllAndOverride<string[]>(ACTORS, targets),
        roles: this.reflector.getAllAndOverride<string[]>(ROLES, targets),
        scopes: this.reflector.getAllAndOverride<string[]>(SCOPES, targets),
      };
      ofController.set(handler, policy);
    }
    return policy;
  }

  private authorize(claims: AccessTokenClaims, { actors, roles, scopes }: RoutePolicy): void {
    if (actors && !(claims.act && actors.includes(claims.act.sub))) {
      throw new Refusal(403, `only a token delegated to ${actors.join(' or ')} may call this`);
    }
    if (roles?.length && !roles.some((role) => claims.roles.includes(role))) {
      throw new Refusal(403, `requires role ${roles.join(' or ')}`);
    }
    const missing = scopes?.filter((scope) => !claims.scopes.includes(scope)) ?? [];
    if (missing.length) throw new Refusal(403, `requires scope ${missing.join(' ')}`);
  }

  private authorizationOf(context: ExecutionContext): unknown {
    if (context.getType() === 'http') return context.switchToHttp().getRequest().headers?.authorization;
    return rpcMetadataOf(context).authorization;
  }

  private toException(context: ExecutionContext, refusal: Refusal): Error {
    if (context.getType() === 'rpc') {
      return new RpcStatusException(
        refusal.status,
        refusal.status === 401 ? 'invalid_token' : 'forbidden',
        refusal.message,
      );
    }
    if (refusal.status === 403) return new ForbiddenException(refusal.message);
    // RFC 6750 §3: the challenge tells the client to obtain a new token.
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', bearerChallenge('invalid_token', refusal.message));
    return new UnauthorizedException({ statusCode: 401, error: 'invalid_token', message: refusal.message });
  }
}
