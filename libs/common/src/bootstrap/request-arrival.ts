import type { IncomingMessage } from 'node:http';

const RECEIVED_AT = Symbol('receivedAt');
type StampedRequest = IncomingMessage & { [RECEIVED_AT]?: number };

/** High-resolution wall-clock time in ms. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

/** Express middleware, installed first: remembers when each request arrived. */
export function stampArrival(request: IncomingMessage, _response: unknown, next: () => void): void {
  (request as StampedRequest)[RECEIVED_AT] = wallClockMs();
  next();
}

/** When the request arrived (now, for a request that was not stamped). */
export function arrivalOf(request: IncomingMessage): number {
  return (request as StampedRequest)[RECEIVED_AT] ?? wallClockMs();
}
