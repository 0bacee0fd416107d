import { Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { JSONWebKeySet } from 'jose';
import { InjectService } from '@app/common';
import { AuthDirectory, type RevocationFeedPage } from './auth-directory';
import { sendRpc } from './send-rpc';
import { AUTH_PATTERNS } from '@app/contracts';

/** The auth app's keys and revocations over RPC (`auth.jwks`, `auth.revocations`): split mode. */
@Injectable()
export class RpcAuthDirectory extends AuthDirectory {
  constructor(@InjectService('auth') private readonly auth: ClientProxy) {
    super();
  }

  jwks(): Promise<JSONWebKeySet> {
    return sendRpc(this.auth, AUTH_PATTERNS.jwks, {}, { timeoutMs: 3000 });
  }

  revocations(after: string | undefined): Promise<RevocationFeedPage> {
    return sendRpc(this.auth, AUTH_PATTERNS.revocations, after ? { after } : {}, { timeoutMs: 3000 });
  }
}
