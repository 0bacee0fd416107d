import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { finalize, type Observable } from 'rxjs';
import { rpcInFlight } from './rpc-in-flight';

/** Counts each RPC handler from its start to its answer (or error), for a shutdown to wait on. */
@Injectable()
export class RpcInFlightInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    rpcInFlight.enter();
    return next.handle().pipe(finalize(() => rpcInFlight.leave()));
  }
}
