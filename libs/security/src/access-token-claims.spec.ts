import { describe, expect, it } from '@jest/globals';
import { type AccessTokenClaims, decodeAccessTokenClaims, encodeAccessTokenClaims } from './access-token-claims';

const user: AccessTokenClaims = {
  iss: 'https://auth.example',
  sub: 'u1',
  aud: ['gateway', 'orders'],
  exp: 2000,
  iat: 1100,
  jti: 'j1',
  sid: 's1',
  roles: ['admin', 'user'],
  scopes: [],
};

describe('the access-token claim set', () => {
  it.each([
    ['a user token', user],
    [
      'a service token',
      { ...user, sid: undefined, roles: ['service'], scopes: ['inventory:reserve'], client_id: 'orders' },
    ],
    [
      'an exchanged token',
      {
        ...user,
        roles: [],
        aud: ['inventory'],
        scopes: ['inventory:reserve', 'orders:read'],
        act: { sub: 'orders' },
        client_id: 'orders',
      },
    ],
  ])('decodes what it encodes: %s', (_, claims) => {
    const payload = encodeAccessTokenClaims(claims);
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
    expect(decodeAccessTokenClaims(JSON.parse(JSON.stringify(payload)))).toEqual({
      act: undefined,
      client_id: undefined,
      sid: undefined,
      ...claims,
    });
  });

  it('sends scopes as one space-separated scope claim and leaves absent claims out', () => {
    const payload = encodeAccessTokenClaims({ ...user, sid: undefined, scopes: ['a:read', 'b:write'] });
    expect(payload).toEqual({
      iss: user.iss,
      sub: 'u1',
      aud: user.aud,
      exp: 2000,
      iat: 1100,
      jti: 'j1',
      roles: user.roles,
      scope: 'a:read b:write',
    });
  });

  it.each([
    ['sub a number', { sub: 1 }],
    ['aud of numbers', { aud: [1] }],
    ['roles a string', { roles: 'admin' }],
    ['scope an array', { scope: ['a'] }],
    ['sid a number', { sid: 5 }],
    ['act without sub', { act: {} }],
    ['act a string', { act: 'orders' }],
    ['exp a string', { exp: '2000' }],
    ['no jti', { jti: undefined }],
  ])('refuses a payload with %s', (_, change) => {
    expect(decodeAccessTokenClaims({ ...encodeAccessTokenClaims(user), ...change })).toBeUndefined();
  });

  it('accepts a single audience string, as RFC 7519 allows', () => {
    expect(decodeAccessTokenClaims({ ...encodeAccessTokenClaims(user), aud: 'orders' })?.aud).toEqual(['orders']);
  });
});
