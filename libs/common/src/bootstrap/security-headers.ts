import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's response headers for `options`, worked out once. With no per-request directive (a CSP
 * nonce function, say; refused here) every response gets the same headers, and setting them from
 * one middleware costs a fraction of helmet's chain of twelve on every request.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const middleware = helmet(options);
  /** What helmet does to the response of `request`: the headers it sets and those it removes. */
  const probe = (request: object) => {
    const set: Array<[string, string]> = [];
    const removed: string[] = [];
    const recorder = {
      setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, String(value)]),
      removeHeader: (name: string) => void removed.push(name),
    };
    let outcome: unknown = 'pending';
    middleware(
      request as IncomingMessage,
      recorder as unknown as ServerResponse,
      (error?: unknown) => (outcome = error),
    );
    if (outcome !== undefined) throw new Error(`helmet could not work out its headers up front: ${String(outcome)}`);
    return { set, removed: [...new Set(removed)] };
  };
  const headers = probe({ method: 'GET', url: '/' });
  // The same answer for a different request, or the headers depend on the request after all.
  if (
    JSON.stringify(probe({ method: 'POST', url: '/auth/token', headers: { host: 'other.example' } })) !==
    JSON.stringify(headers)
  ) {
    throw new Error('helmet options with per-request values cannot be precomputed');
  }
  return (_request: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of headers.set) response.setHeader(name, value);
    for (const name of headers.removed) response.removeHeader(name);
    next();
  };
}
