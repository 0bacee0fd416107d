import { describe, expect, it } from '@jest/globals';
import { InvalidSignedRequestError, parseSignedRequest, signRequest } from './signed-request';

const SECRET = 'our-app-secret-0123456789abcdef';
const NOW = 1_800_000_000;
const fresh = { now: NOW, maxAgeSeconds: 86_400 };
const signed = (payload: object, secret = SECRET) =>
  signRequest({ algorithm: 'HMAC-SHA256', user_id: '1001', ...payload }, secret);
const refusal = (request: unknown) => {
  try {
    parseSignedRequest(request, SECRET, fresh);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSignedRequestError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseSignedRequest', () => {
  it('accepts a genuine request issued now, at the age limit, or within a minute ahead', () => {
    for (const issued_at of [NOW, NOW - 86_400, NOW + 60]) {
      expect(parseSignedRequest(signed({ issued_at }), SECRET, fresh)).toMatchObject({ user_id: '1001', issued_at });
    }
  });

  it.each([
    ['older than the maximum age (a captured callback replayed)', { issued_at: NOW - 86_401 }, /too old/],
    ['from the future', { issued_at: NOW + 61 }, /in the future/],
    ['without issued_at', {}, /no issued_at/],
    ['with a string issued_at', { issued_at: String(NOW) }, /no issued_at/],
    ['with a non-numeric user id', { issued_at: NOW, user_id: 'abc' }, /no user_id/],
    ['with another algorithm', { issued_at: NOW, algorithm: 'HMAC-SHA1' }, /algorithm/],
  ])('refuses one %s', (_, payload, message) => {
    expect(refusal(signed(payload))).toMatch(message);
  });

  it('refuses a wrong signature before reading the payload, and malformed input', () => {
    expect(refusal(signed({ issued_at: NOW }, 'someone-elses-secret-0123456789'))).toMatch(/signature/);
    expect(refusal('garbage')).toMatch(/malformed/);
    expect(refusal(`${'a'.repeat(43)}.!!`)).toMatch(/malformed/);
    expect(refusal(undefined)).toMatch(/missing/);
    expect(refusal('x'.repeat(5000))).toMatch(/missing/);
  });
});
