import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

let sdk: NodeSDK | undefined;

/**
 * OpenTelemetry for this process when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans over OTLP/HTTP;
 * the standard OTEL_* variables apply), nothing at all otherwise. Called by each app's
 * `tracing.ts`, the first module its `main.ts` loads, so the HTTP, Express and pg modules are
 * instrumented before anything requires them. W3C trace context is the propagation format; RPCs
 * carry it in their metadata (see `sendRpc` and RpcHandlerObserver).
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || sdk) return;
  // Traces only: metrics are Prometheus' (METRICS_PORT) and logs pino's, unless asked for here too.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      // Health probes would be most of the spans and none of the story.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/health' }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
}

/** Whether this process exports traces (see {@link startTracing}). */
export const tracingStarted = (): boolean => sdk !== undefined;

/** Exports what is still buffered; called when the process stops. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}
