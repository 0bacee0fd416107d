import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AccountView } from '@app/contracts';
import { Account } from '../accounts/account.entity';
import { AccountService } from '../accounts/account.service';
import { BannedIdentity } from '../accounts/banned-identity.entity';
import { identityHash } from '../accounts/identity-hash';
import { Login } from '../accounts/login.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { SessionService } from '../sessions/session.service';

/**
 * Bans and unbans: an account's state, its sessions and its provider identities change together.
 * `by` is the admin's account id, kept in the audit log.
 */
@Injectable()
export class BanService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Ends every session, refuses refresh and login until {@link unban}. The ban is also kept against
   * each of the account's provider identities, so it outlives the account if the user's data is deleted.
   */
  async ban(accountId: string, reason: string, by?: string): Promise<AccountView> {
    await this.dataSource.transaction(async (manager) => {
      const account = await manager.getRepository(Account).findOneBy({ id: accountId });
      if (!account) throw new NotFoundException('account not found');
      if (account.bannedAt) throw new ConflictException('account is already banned');
      const now = this.clock.now();
      await manager.getRepository(Account).update({ id: accountId }, { bannedAt: now, banReason: reason });
      const logins = await manager
        .getRepository(Login)
        .find({ where: { accountId }, select: { provider: true, providerUserId: true } });
      await this.accounts.banIdentities(accountId, logins, now, manager);
      const ended = await this.sessions.endAll(accountId, 'banned', manager);
      await this.audit.record('ban', { accountId, detail: { reason, sessionsEnded: ended, by } }, manager);
    });
    return this.accounts.view(accountId);
  }

  async unban(accountId: string, by?: string): Promise<AccountView> {
    await this.dataSource.transaction(async (manager) => {
      const account = await manager.getRepository(Account).findOneBy({ id: accountId });
      if (!account) throw new NotFoundException('account not found');
      if (!account.bannedAt) throw new ConflictException('account is not banned');
      await manager.getRepository(Account).update({ id: accountId }, { bannedAt: null, banReason: null });
      const logins = await manager
        .getRepository(Login)
        .find({ where: { accountId }, select: { provider: true, providerUserId: true } });
      const hashes = logins.map((login) => identityHash(login.provider, login.providerUserId));
      await manager
        .createQueryBuilder()
        .delete()
        .from(BannedIdentity)
        .where('account_id = :accountId OR identity_hash = ANY(:hashes)', { accountId, hashes })
        .execute();
      await this.audit.record('unban', { accountId, detail: { by } }, manager);
    });
    return this.accounts.view(accountId);
  }
}
