import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AccessTokenClaims } from './access-token-claims';
import { type Caller, callerOf } from './caller-context';

export const ROLES = 'auth:roles';
export const SCOPES = 'auth:scopes';
export const ACTORS = 'auth:actors';
export const SERVICE_AUDIENCE = 'auth:audience';

/** The caller must hold at least one of these roles. */
export const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

/** The caller's token must carry every one of these scopes. */
export const Scopes = (...scopes: string[]) => SetMetadata(SCOPES, scopes);

/**
 * Only delegated tokens (RFC 8693 `act`) whose actor is one of these services may call; a plain
 * user token is refused with 403.
 */
export const DelegatedBy = (...actors: string[]) => SetMetadata(ACTORS, actors);

/** The service a controller belongs to: tokens must name it in `aud`. */
export const ServiceAudience = (service: string) => SetMetadata(SERVICE_AUDIENCE, service);

/** The verified claims of the caller (HTTP or RPC). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AccessTokenClaims | undefined => {
    return callerOf(context)?.claims;
  },
);

/** The caller: claims and the token itself (for a handler that must act on the caller's behalf). */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller | undefined =>
  callerOf(context),
);
