import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PlatformMetrics } from './platform-metrics';

/**
 * Times every HTTP request to its end. The route label is the matched route's template (never the
 * raw path: ids and random paths would make a label per request); anything else is `unmatched`
 * (404) or `other` (served before the router, e.g. the split gateway's proxy to auth).
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: PlatformMetrics) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const template = (request.route as { path?: unknown } | undefined)?.path;
      const route =
        typeof template === 'string'
          ? `${request.baseUrl}${template}`
          : response.statusCode === 404
            ? 'unmatched'
            : 'other';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  }
}
