import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's response headers for `options`, worked out once. With no per-request directive (a CSP
 * nonce function, say; refused here) every response gets the same headers, and setting them from
 * one middleware costs a fraction of helmet's chain of twelve on every request.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  const probe = (request: object) => {
    let outcome: unknown = 'pending';
    helmet(options)(request as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (outcome = error));
    if (outcome !== undefined) throw new Error(`helmet could not work out its headers up front: ${String(outcome)}`);
  };
  probe({ method: 'GET', url: '/' });
  const count = headers.length;
  // The same answer for a different request, or the headers depend on the request after all.
  probe({ method: 'POST', url: '/auth/token', headers: { host: 'other.example' } });
  if (headers.length !== 2 * count || headers.slice(0, count).some(([name, value], i) => headers[count + i][0] !== name || headers[count + i][1] !== value)) {
    throw new Error('helmet options with per-request values cannot be precomputed');
  }
  const once = headers.slice(0, count);
  const removedOnce = [...new Set(removed)];
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of once) response.setHeader(name, value);
    for (const name of removedOnce) response.removeHeader(name);
    next();
  };
}
