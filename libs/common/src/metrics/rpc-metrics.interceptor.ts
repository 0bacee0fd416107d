import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { type Observable, tap } from 'rxjs';
import { PlatformMetrics } from './platform-metrics';

const outcomeOf = (error: unknown): string => {
  const body = (error as { getError?: () => unknown })?.getError?.();
  const status = (body as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? String(status) : 'error';
};

/** Times every RPC handler by its pattern, with its outcome: `ok`, or the status it refused with. */
@Injectable()
export class RpcMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: PlatformMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const patterns = Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as unknown[] | undefined;
    const pattern = patterns?.length ? String(patterns[0]) : 'unknown';
    const stop = this.metrics.rpcDuration.startTimer({ pattern });
    return next.handle().pipe(
      tap({
        complete: () => stop({ outcome: 'ok' }),
        error: (error: unknown) => stop({ outcome: outcomeOf(error) }),
      }),
    );
  }
}
