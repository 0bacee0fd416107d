import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { BannedIdentity } from '../accounts/banned-identity.entity';
import { identityHash } from '../accounts/identity-hash';
import { Login } from '../accounts/login.entity';
import { AuditService } from '../audit/audit.service';
import type { ClientContext } from '../audit/client-context';
import { Clock } from '../clock/clock';
import { SessionService } from '../sessions/session.service';
import { DataDeletionRequest } from './data-deletion-request.entity';
import { FACEBOOK } from './facebook-login.provider';

/** What Facebook's deauthorize and data-deletion callbacks do to our data. */
@Injectable()
export class FacebookAccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The user removed our app on Facebook: every session of their account ends. */
  async deauthorize(facebookUserId: string, client: ClientContext): Promise<void> {
    const login = await this.dataSource
      .getRepository(Login)
      .findOneBy({ provider: FACEBOOK, providerUserId: facebookUserId });
    if (!login) return;
    await this.dataSource.transaction(async (manager) => {
      const ended = await this.sessions.endAll(login.accountId, 'deauthorized', manager);
      await manager
        .getRepository(Login)
        .update({ id: login.id }, { tokenHash: null, tokenCiphertext: null, tokenExpiresAt: null });
      await this.audit.record(
        'deauthorized',
        { accountId: login.accountId, client, detail: { sessionsEnded: ended } },
        manager,
      );
    });
  }

  /**
   * Deletes the Facebook login and what only it held: the account too when no other login is
   * left. Sessions are revoked first. Repeats answer the same confirmation code. A ban stays
   * against the identity (auth.banned_identities, a hash only) until an admin lifts it.
   */
  async deleteData(facebookUserId: string, client: ClientContext): Promise<DataDeletionRequest> {
    const userHash = identityHash(FACEBOOK, facebookUserId);
    return this.dataSource.transaction(async (manager) => {
      const requests = manager.getRepository(DataDeletionRequest);
      const login = await manager.getRepository(Login).findOne({
        where: { provider: FACEBOOK, providerUserId: facebookUserId },
        lock: { mode: 'pessimistic_write' },
      });
      if (login) {
        await this.sessions.endAll(login.accountId, 'data_deleted', manager);
        await manager.getRepository(Login).delete({ id: login.id });
        const remaining = await manager.getRepository(Login).countBy({ accountId: login.accountId });
        if (remaining === 0) {
          await manager.getRepository(Account).delete({ id: login.accountId });
          await manager.getRepository(BannedIdentity).update({ accountId: login.accountId }, { accountId: null });
        }
        await this.audit.record(
          'data_deleted',
          { accountId: login.accountId, client, detail: { accountDeleted: remaining === 0 } },
          manager,
        );
      }
      const previous = await requests.findOneBy({ provider: FACEBOOK, providerUserHash: userHash });
      if (previous) return previous;
      const now = this.clock.now();
      const request = requests.create({
        confirmationCode: randomBytes(12).toString('base64url'),
        provider: FACEBOOK,
        providerUserHash: userHash,
        status: 'completed',
        createdAt: now,
        completedAt: now,
      });
      await requests.insert(request);
      return request;
    });
  }

  status(confirmationCode: string): Promise<DataDeletionRequest | null> {
    return this.dataSource.getRepository(DataDeletionRequest).findOneBy({ confirmationCode });
  }
}
