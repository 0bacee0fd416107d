import type { ExecutionContext } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AccessTokenClaims } from './access-token-claims';

/** Who is calling: the verified claims and the token they came in (to forward on outgoing RPC). */
export interface Caller {
  claims: AccessTokenClaims;
  token: string;
}

const CALLER = Symbol('caller');
type CallerCarrier = { [CALLER]?: Caller };

/** The caller of the current request or message, so outgoing RPC carries it without threading. */
export const callerStorage = new AsyncLocalStorage<Caller | undefined>();

/** The object that lives as long as this request or message: the HTTP request or the RPC context. */
function carrierOf(context: ExecutionContext): CallerCarrier {
  return (context.getType() === 'http' ? context.switchToHttp().getRequest() : context.switchToRpc().getContext()) as CallerCarrier;
}

export function attachCaller(context: ExecutionContext, caller: Caller): void {
  carrierOf(context)[CALLER] = caller;
}

export function callerOf(context: ExecutionContext): Caller | undefined {
  return carrierOf(context)?.[CALLER];
}

/** Runs `work` with `token` as the identity that outgoing RPC calls carry. */
export function runAs<T>(caller: Caller | undefined, work: () => T): T {
  return callerStorage.run(caller, work);
}
