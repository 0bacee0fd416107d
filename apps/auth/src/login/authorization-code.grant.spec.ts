import { describe, expect, it } from '@jest/globals';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LoginService } from './login.service';
import { OAuthException } from '../shared/oauth.exception';
import { TokenGrantRegistry } from '../tokens/token-grant-registry';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { LoginCodeService } from './login-code.service';

const client = { ip: '127.0.0.1', userAgent: 'spec' };
const parameters = {
  grant_type: 'authorization_code',
  code: 'c',
  code_verifier: 'v',
  redirect_uri: 'https://spa.example.test/',
};

/** The grant with a login service whose session start fails as `failure` says. */
async function grantFailingWith(failure: unknown): Promise<AuthorizationCodeGrant> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      AuthorizationCodeGrant,
      TokenGrantRegistry,
      { provide: LoginCodeService, useValue: { redeem: async () => ({ accountId: 'a', provider: 'facebook' }) } },
      {
        provide: LoginService,
        useValue: {
          startSession: async () => {
            throw failure;
          },
        },
      },
    ],
  }).compile();
  return moduleRef.get(AuthorizationCodeGrant);
}

const outcome = async (failure: unknown) =>
  (await grantFailingWith(failure)).handle(parameters, client).catch((error: unknown) => error);

describe('AuthorizationCodeGrant', () => {
  it('calls a suspended account suspended', async () => {
    const error = await outcome(new ForbiddenException('this account is suspended'));
    expect(error).toBeInstanceOf(OAuthException);
    expect((error as OAuthException).getResponse()).toEqual({
      error: 'invalid_grant',
      error_description: 'the account is suspended',
    });
  });

  it('says a deleted account no longer exists', async () => {
    const error = await outcome(new NotFoundException('the account no longer exists'));
    expect((error as OAuthException).getResponse()).toEqual({
      error: 'invalid_grant',
      error_description: 'the account no longer exists',
    });
  });

  it('lets any other failure (the database down) keep its own answer instead of calling it a suspension', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(await outcome(outage)).toBe(outage);
  });

  it('asks for the code, the verifier and the redirect URI', async () => {
    const grant = await grantFailingWith(new Error('unreached'));
    const error = await grant.handle({ grant_type: 'authorization_code', code: 'c' }, client).catch((e: unknown) => e);
    expect((error as OAuthException).getResponse()).toMatchObject({ error: 'invalid_request' });
  });
});
