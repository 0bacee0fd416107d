import { Injectable } from '@nestjs/common';
import { Environment } from '@app/common';
import { type AccessTokenClaims, AccessTokenVerifier, InvalidAccessTokenError } from '@app/security';
import { Clock } from '../clock/clock';
import { SigningKeyService } from './signing-key.service';

/** Verifies our own access tokens inside the auth app, with its keys rather than a fetched JWKS. */
@Injectable()
export class LocalAccessTokenVerifier {
  private readonly verifier: AccessTokenVerifier;

  constructor(env: Environment, keys: SigningKeyService, clock: Clock) {
    this.verifier = new AccessTokenVerifier({
      algorithm: env.JWT_ALG,
      issuer: env.JWT_ISSUER!,
      audience: 'auth',
      now: () => clock.now(),
      keys: (kid) => keys.verificationKey(kid),
    });
  }

  /** Throws InvalidAccessTokenError when the token does not verify. */
  verify(token: string): Promise<AccessTokenClaims> {
    return this.verifier.verify(token);
  }

  /** The `sid` of a valid token, or undefined for anything that is not one. */
  async sessionOf(token: string): Promise<string | undefined> {
    try {
      return (await this.verifier.verify(token)).sid;
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) return undefined;
      throw error;
    }
  }
}
