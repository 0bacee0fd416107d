import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientAddressOf } from '@app/common';

/** Who is on the other end of a request, as recorded in sessions and the audit log. */
export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

export function clientContextOf(request: Request): ClientContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: clientAddressOf(request),
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}

export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientContext => {
  return clientContextOf(context.switchToHttp().getRequest<Request>());
});

/** For calls that do not come from a browser (RPC, jobs). */
export const internalClient = (): ClientContext => ({
  ip: null,
  userAgent: null,
});
