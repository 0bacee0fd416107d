import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessTokenClaims } from '@app/security';
import type { AuthenticatedRequest } from './bearer-auth.guard';

/** The verified claims of the caller's access token (routes behind BearerAuthGuard). */
export const CurrentAuth = createParamDecorator(
  (_: unknown, context: ExecutionContext): AccessTokenClaims => context.switchToHttp().getRequest<AuthenticatedRequest>().auth,
);
