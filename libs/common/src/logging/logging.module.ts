import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Environment } from '../config/environment';

/** Paths whose values are credentials; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'access_token',
  'refresh_token',
  'client_secret',
  'code',
  'code_verifier',
  'subject_token',
  'signed_request',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.subject_token',
  // A browser session's cookie value, as the gateway trades it for a token.
  'secret',
  '*.secret',
];

/** The request as logged: never the query string (Facebook callbacks carry codes and state there). */
export const requestSerializer = (req: IncomingMessage & { id?: unknown; raw?: IncomingMessage }) => {
  const url = (req.url ?? '').split('?')[0];
  return { id: req.id, method: req.method, url, remoteAddress: req.socket?.remoteAddress };
};

const responseSerializer = (res: ServerResponse) => ({ statusCode: res.statusCode });

/** pino-http writes one line per finished request, at info: only these levels ever show it. */
const REQUEST_LOGGING_LEVELS = new Set(['trace', 'debug', 'info']);
const logsRequests = (level: string): boolean => REQUEST_LOGGING_LEVELS.has(level);

/** Pretty lines for a person at a terminal in development; JSON everywhere else (production, files, pipes, tests). */
export const prettyLogs = (env: Environment, terminal = process.stdout.isTTY === true): boolean =>
  env.LOG_FORMAT ? env.LOG_FORMAT === 'pretty' : env.NODE_ENV === 'development' && terminal;

/** Structured JSON logs through pino (nestjs-pino), with credentials redacted; one line per request at info and below. */
@Module({})
export class LoggingModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [Environment],
          useFactory: (env: Environment) => ({
            // Above info no request line is ever written, so the per-request logger (pino-http's child
            // loggers and listeners, nestjs-pino's AsyncLocalStorage scope) is not mounted: a tenth
            // or more of a request's CPU (docs/performance.md). Lines then carry no `req` binding.
            ...(logsRequests(env.LOG_LEVEL) ? {} : { forRoutes: [] }),
            pinoHttp: {
              name: appName,
              level: env.LOG_LEVEL,
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              serializers: { req: requestSerializer, res: responseSerializer },
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
              customProps: () => ({ app: appName }),
              // Every line written while a traced request or RPC is handled names its trace.
              mixin: () => {
                const span = trace.getActiveSpan()?.spanContext();
                return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
              },
              ...(prettyLogs(env)
                ? {
                    transport: {
                      target: 'pino-pretty',
                      options: { singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' },
                    },
                  }
                : {}),
            },
          }),
        }),
      ],
    };
  }
}
