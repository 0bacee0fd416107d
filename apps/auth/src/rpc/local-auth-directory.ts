import { Injectable } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { AuthDirectory, type RevocationFeedPage } from '@app/security';
import { SigningKeyService } from '../keys/signing-key.service';
import { RevocationService } from '../revocations/revocation.service';

/** The auth app's keys and revocations, read in-process (the auth app itself, and the monolith). */
@Injectable()
export class LocalAuthDirectory extends AuthDirectory {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly feed: RevocationService,
  ) {
    super();
  }

  jwks(): Promise<JSONWebKeySet> {
    return this.keys.jwks();
  }

  revocations(after: string | undefined): Promise<RevocationFeedPage> {
    return this.feed.feed(after);
  }
}
