import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { of, throwError } from 'rxjs';
import { serviceClientToken } from '@app/common';
import { AUTH_PATTERNS } from '@app/contracts';
import { RevocationRegistry, TokenVerificationService } from '@app/security';
import { BrowserSessionAuthenticator } from './browser-session-authenticator';

const SECRET = 'a'.repeat(43);
/** An unsigned JWT of these claims: the authenticator reads claims, the guards verify tokens. */
const token = (claims: Record<string, unknown>) =>
  ['{"alg":"RS256"}', JSON.stringify(claims)].map((part) => Buffer.from(part).toString('base64url')).join('.') + '.sig';
const now = () => Math.floor(Date.now() / 1000);

/** The authenticator with auth's `auth.browser-sessions.token` answering from `answers`, in order. */
async function authenticatorWith(answers: Array<() => unknown>) {
  const sent: Array<{ pattern: string; data: unknown }> = [];
  const auth = {
    send: (pattern: string, data: unknown) => {
      sent.push({ pattern, data });
      const answer = answers.shift()!;
      try {
        return of(answer());
      } catch (error) {
        return throwError(() => error);
      }
    },
  };
  const revocations = new RevocationRegistry();
  const moduleRef = await Test.createTestingModule({
    providers: [
      BrowserSessionAuthenticator,
      { provide: serviceClientToken('auth'), useValue: auth },
      { provide: TokenVerificationService, useValue: { revocations } },
    ],
  }).compile();
  return { authenticator: moduleRef.get(BrowserSessionAuthenticator), sent, revocations };
}

describe('BrowserSessionAuthenticator', () => {
  it('trades the cookie once and holds the token, sharing one trade between concurrent requests', async () => {
    const first = token({ sid: 's1', sub: 'u1', iat: now(), exp: now() + 900 });
    const { authenticator, sent } = await authenticatorWith([() => ({ access_token: first, expires_in: 900 })]);
    const tokens = await Promise.all([authenticator.accessTokenFor(SECRET), authenticator.accessTokenFor(SECRET)]);
    expect(tokens).toEqual([first, first]);
    expect(await authenticator.accessTokenFor(SECRET)).toBe(first);
    expect(sent).toEqual([{ pattern: AUTH_PATTERNS.browserSessionToken, data: { secret: SECRET } }]);
  });

  it('trades again when the held token nears its expiry or the revocation feed names it', async () => {
    const expiring = token({ sid: 's1', sub: 'u1', iat: now(), exp: now() + 30 });
    const fresh = token({ sid: 's1', sub: 'u1', iat: now(), exp: now() + 900 });
    const afterRoleChange = token({ sid: 's1', sub: 'u1', iat: now() + 1, exp: now() + 900 });
    const { authenticator, sent, revocations } = await authenticatorWith([
      () => ({ access_token: expiring }),
      () => ({ access_token: fresh }),
      () => ({ access_token: afterRoleChange }),
    ]);
    expect(await authenticator.accessTokenFor(SECRET)).toBe(expiring);
    expect(await authenticator.accessTokenFor(SECRET)).toBe(fresh);
    revocations.apply([{ cursor: '1', sub: 'u1', notBefore: now() + 1, expiresAt: now() + 960 }]);
    expect(await authenticator.accessTokenFor(SECRET)).toBe(afterRoleChange);
    expect(sent).toHaveLength(3);
  });

  it('answers nothing for a session auth says has ended, and lets an outage through as an error', async () => {
    const { authenticator } = await authenticatorWith([
      () => {
        throw { status: 401, error: 'invalid_token', message: 'the session has ended' };
      },
      () => {
        throw { status: 503, error: 'service_unavailable', message: 'down' };
      },
    ]);
    expect(await authenticator.accessTokenFor(SECRET)).toBeUndefined();
    await expect(authenticator.accessTokenFor(SECRET)).rejects.toMatchObject({ error: { status: 503 } });
  });
});
