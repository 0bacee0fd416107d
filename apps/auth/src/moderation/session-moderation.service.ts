import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SessionView } from '@app/contracts';
import { Account } from '../accounts/account.entity';
import { AuditService } from '../audit/audit.service';
import { SessionService } from '../sessions/session.service';
import { sessionView } from '../sessions/session-view';

/** An admin's view of someone's sessions, and ending them; `by` (the admin's account) goes in the audit log. */
@Injectable()
export class SessionModeration {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async list(accountId: string): Promise<SessionView[]> {
    await this.existing(accountId);
    return (await this.sessions.listLive(accountId)).map((session) => sessionView(session));
  }

  end(accountId: string, sessionId: string, by: string): Promise<void> {
    return this.sessions.revokeOwn(accountId, sessionId, { detail: { by } });
  }

  /** Every session, and every access token issued to the account so far; unlike a ban, it may sign in again. */
  async endAll(accountId: string, by: string): Promise<{ ended: number }> {
    await this.existing(accountId);
    return this.dataSource.transaction(async (manager) => {
      const ended = await this.sessions.endAll(accountId, 'revoked', manager);
      await this.audit.record('logout_all', { accountId, detail: { by, sessionsEnded: ended } }, manager);
      return { ended };
    });
  }

  private async existing(accountId: string): Promise<void> {
    if (!(await this.dataSource.getRepository(Account).existsBy({ id: accountId })))
      throw new NotFoundException('account not found');
  }
}
