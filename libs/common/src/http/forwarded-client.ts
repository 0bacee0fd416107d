import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Split mode: the gateway, the one public origin, tells the auth app which client it is forwarding
 * with this header, signed with GATEWAY_SECRET. The auth app trusts the address because the gateway
 * signed it, not because of a switch an operator may forget; anyone else reaching the auth port
 * directly is known by their own socket address, whatever X-Forwarded-For they send.
 */
export const FORWARDED_CLIENT_HEADER = 'x-gateway-client';

/** A signature older than this is refused (replayed). */
const MAX_AGE_SECONDS = 60;
const CLIENT_ADDRESS = Symbol('clientAddress');

type ResolvedRequest = IncomingMessage & { ip?: string; [CLIENT_ADDRESS]?: string };

const signature = (secret: string, issuedAt: number, address: string) =>
  createHmac('sha256', secret).update(`${issuedAt} ${address}`).digest('base64url');

/** The header value the gateway sends for `address`: `<issued-at> <address> <signature>`. */
export function signForwardedClient(
  address: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  return `${nowSeconds} ${address} ${signature(secret, nowSeconds, address)}`;
}

/** The address in a genuine, fresh header; undefined for anything else. */
export function verifyForwardedClient(
  value: unknown,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  if (typeof value !== 'string' || value.length > 200) return undefined;
  const [issued, address, presented, ...rest] = value.split(' ');
  if (rest.length || !/^\d{1,12}$/.test(issued ?? '') || !/^[0-9A-Fa-f.:]{2,45}$/.test(address ?? '') || !presented)
    return undefined;
  const issuedAt = Number(issued);
  if (Math.abs(nowSeconds - issuedAt) > MAX_AGE_SECONDS) return undefined;
  const expected = Buffer.from(signature(secret, issuedAt, address));
  const actual = Buffer.from(presented);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? address : undefined;
}

/**
 * Express middleware: works out once who the client of a request is, for the rate limit and the
 * audit log. A genuine gateway header wins; otherwise Express's `req.ip` (the socket address, or the
 * X-Forwarded-For entry of a TRUST_PROXY hop where that is allowed).
 */
export function resolveClientAddress(gatewaySecret: string | undefined) {
  return (request: IncomingMessage, _response: unknown, next: () => void): void => {
    const resolved = request as ResolvedRequest;
    const forwarded = gatewaySecret
      ? verifyForwardedClient(request.headers[FORWARDED_CLIENT_HEADER], gatewaySecret)
      : undefined;
    resolved[CLIENT_ADDRESS] = forwarded ?? resolved.ip ?? request.socket.remoteAddress ?? 'unknown';
    next();
  };
}

/** The client's address as the public origin saw it (see {@link resolveClientAddress}). */
export function clientAddressOf(request: IncomingMessage): string {
  const resolved = request as ResolvedRequest;
  return resolved[CLIENT_ADDRESS] ?? resolved.ip ?? request.socket.remoteAddress ?? 'unknown';
}
