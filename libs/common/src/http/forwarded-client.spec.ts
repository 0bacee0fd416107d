import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import {
  clientAddressOf,
  FORWARDED_CLIENT_HEADER,
  resolveClientAddress,
  signForwardedClient,
  verifyForwardedClient,
} from './forwarded-client';

const SECRET = 'a-gateway-secret-of-at-least-32-chars';
const NOW = 1_800_000_000;

describe('the gateway’s signed client address', () => {
  it('verifies what the gateway signed, for IPv4 and IPv6', () => {
    for (const address of ['203.0.113.7', '::ffff:127.0.0.2', '2001:db8::1']) {
      expect(verifyForwardedClient(signForwardedClient(address, SECRET, NOW), SECRET, NOW + 5)).toBe(address);
    }
  });

  it.each([
    ['another secret', signForwardedClient('203.0.113.7', 'someone-elses-secret-0123456789abcdef', NOW)],
    ['a changed address', signForwardedClient('203.0.113.7', SECRET, NOW).replace('203.0.113.7', '203.0.113.8')],
    ['a stale signature (replayed)', signForwardedClient('203.0.113.7', SECRET, NOW - 61)],
    ['a signature from the future', signForwardedClient('203.0.113.7', SECRET, NOW + 61)],
    ['extra fields', `${signForwardedClient('203.0.113.7', SECRET, NOW)} x`],
    ['a plain address', '203.0.113.7'],
    ['a host name', signForwardedClient('evil.example', SECRET, NOW)],
    ['no value', undefined],
    ['a list', ['203.0.113.7']],
  ])('refuses %s', (_, value) => {
    expect(verifyForwardedClient(value, SECRET, NOW)).toBeUndefined();
  });

  it('resolves a request’s client: the genuine header, else the address Express saw', () => {
    const request = (headers: Record<string, string>, ip = '127.0.0.1') =>
      ({ headers, ip, socket: { remoteAddress: ip } }) as unknown as IncomingMessage;
    const signed = request({ [FORWARDED_CLIENT_HEADER]: signForwardedClient('203.0.113.9', SECRET) });
    resolveClientAddress(SECRET)(signed, undefined, () => undefined);
    expect(clientAddressOf(signed)).toBe('203.0.113.9');

    const forged = request({
      [FORWARDED_CLIENT_HEADER]: signForwardedClient('203.0.113.9', 'not-the-gateway-secret-0123456789ab'),
      'x-forwarded-for': '198.51.100.1',
    });
    resolveClientAddress(SECRET)(forged, undefined, () => undefined);
    expect(clientAddressOf(forged)).toBe('127.0.0.1');

    const withoutSecret = request({ [FORWARDED_CLIENT_HEADER]: signForwardedClient('203.0.113.9', SECRET) });
    resolveClientAddress(undefined)(withoutSecret, undefined, () => undefined);
    expect(clientAddressOf(withoutSecret)).toBe('127.0.0.1');
  });
});
