import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { callerOf, callerStorage } from './caller-context';

/** Makes the verified caller the ambient identity of the handler, for outgoing RPC to carry. */
@Injectable()
export class CallerContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = callerOf(context);
    return new Observable((subscriber) => callerStorage.run(caller, () => next.handle().subscribe(subscriber)));
  }
}
