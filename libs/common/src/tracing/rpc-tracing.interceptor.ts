import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { finalize, type Observable, tap } from 'rxjs';
import { tracingStarted } from './start-tracing';
import { rpcMetadataOf } from '../transport/rpc-metadata';

const tracer = trace.getTracer('auth-platform-rpc');

/**
 * Each RPC handler runs in a server span whose parent is the caller's (the `traceparent` its
 * packet's metadata carries), so one trace follows a request from the gateway through every
 * service it touches. Without tracing (no OTEL_EXPORTER_OTLP_ENDPOINT) it steps aside: no span,
 * no context, nothing on the RPC path.
 */
@Injectable()
export class RpcTracingInterceptor implements NestInterceptor {
  private readonly enabled = tracingStarted();

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.enabled || execution.getType() !== 'rpc') return next.handle();
    const patterns = Reflect.getMetadata(PATTERN_METADATA, execution.getHandler()) as unknown[] | undefined;
    const pattern = patterns?.length ? String(patterns[0]) : 'unknown';
    const parent = propagation.extract(context.active(), rpcMetadataOf(execution));
    const span = tracer.startSpan(
      `rpc ${pattern}`,
      { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nestjs', 'rpc.method': pattern } },
      parent,
    );
    return context
      .with(trace.setSpan(parent, span), () => next.handle())
      .pipe(
        tap({
          error: (error: unknown) => {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
          },
        }),
        finalize(() => span.end()),
      );
  }
}
