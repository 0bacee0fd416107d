import { request } from 'node:http';
import { randomInt } from 'node:crypto';

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request sent from a chosen local address (any of 127.0.0.0/8 on Linux), so a test can
 * play several clients, each with its own address as the server's socket sees it. Each request
 * opens its own connection, as separate clients would (a cluster hands each to its next worker).
 */
export function httpFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A loopback address no other test run is likely to have used within the rate limit's minute. */
export const freshLoopbackAddress = (): string => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;

/**
 * An address from the IPv6 documentation prefix (RFC 3849) for a client the gateway vouches for:
 * random enough that no other run within the rate limit's minute has counted it.
 */
export const freshClientAddress = (): string =>
  `2001:db8::${[0, 1, 2].map(() => randomInt(0, 0xffff).toString(16)).join(':')}`;
