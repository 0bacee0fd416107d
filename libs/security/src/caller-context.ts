import type { ExecutionContext } from '@nestjs/common';
import type { AccessTokenClaims } from './access-token-claims';

/** Who is calling: the verified claims and the token they came in (to pass on to other services). */
export interface Caller {
  claims: AccessTokenClaims;
  token: string;
}

const CALLER = Symbol('caller');
type CallerCarrier = { [CALLER]?: Caller };

/** The object that lives as long as this request or message: the HTTP request or the RPC context. */
function carrierOf(context: ExecutionContext): CallerCarrier {
  return (
    context.getType() === 'http' ? context.switchToHttp().getRequest() : context.switchToRpc().getContext()
  ) as CallerCarrier;
}

export function attachCaller(context: ExecutionContext, caller: Caller): void {
  carrierOf(context)[CALLER] = caller;
}

export function callerOf(context: ExecutionContext): Caller | undefined {
  return carrierOf(context)?.[CALLER];
}
