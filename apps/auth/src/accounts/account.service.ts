import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type ClientContext, internalClient } from '../audit/client-context';
import { Clock } from '../clock/clock';
import { RevocationService } from '../revocations/revocation.service';
import { Account } from './account.entity';
import { BannedIdentity } from './banned-identity.entity';
import { Claim } from './claim.entity';
import { identityHash } from './identity-hash';
import { Login } from './login.entity';
import { ACCOUNT_SEARCH_LIMIT, type AccountSummary, type AccountView, ROLES } from '@app/contracts';

export interface AccountClaims {
  roles: string[];
  scopes: string[];
}

/** The claim source of roles an admin granted (PUT roles), as opposed to a provider's configuration. */
const GRANTED_BY_HAND = 'admin';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly revocations: RevocationService,
  ) {}

  async claimsOf(accountId: string, manager: EntityManager = this.dataSource.manager): Promise<AccountClaims> {
    const claims = await manager.getRepository(Claim).find({ where: { accountId }, order: { value: 'ASC' } });
    return {
      roles: claims.filter((c) => c.type === 'role').map((c) => c.value),
      scopes: claims.filter((c) => c.type === 'scope').map((c) => c.value),
    };
  }

  async view(accountId: string): Promise<AccountView> {
    const account = await this.dataSource.getRepository(Account).findOneBy({ id: accountId });
    if (!account) throw new NotFoundException('account not found');
    const [{ roles }, logins] = await Promise.all([
      this.claimsOf(accountId),
      this.dataSource.getRepository(Login).find({ where: { accountId }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      id: account.id,
      name: account.name,
      email: account.email,
      roles,
      providers: logins.map((login) => ({ provider: login.provider, linkedAt: login.createdAt.toISOString() })),
      banned: account.bannedAt !== null,
      banReason: account.banReason,
    };
  }

  /**
   * The admin console's search: an account id or a provider's user id matches exactly, anything
   * else is a case-insensitive part of a name or e-mail address; at most ACCOUNT_SEARCH_LIMIT.
   */
  async search(query: string): Promise<AccountSummary[]> {
    const text = query.trim();
    const accounts = this.dataSource.getRepository(Account).createQueryBuilder('account');
    if (UUID.test(text)) accounts.where('account.id = :text', { text });
    else {
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      accounts
        .where('account.name ILIKE :pattern OR account.email ILIKE :pattern', { pattern })
        .orWhere(
          'account.id IN (SELECT login.account_id FROM auth.logins login WHERE login.provider_user_id = :text)',
          {
            text,
          },
        );
    }
    const found = await accounts.orderBy('account.name').addOrderBy('account.id').take(ACCOUNT_SEARCH_LIMIT).getMany();
    if (!found.length) return [];
    const logins = await this.dataSource.getRepository(Login).find({
      where: { accountId: In(found.map((account) => account.id)) },
      select: { accountId: true, provider: true },
      order: { createdAt: 'ASC' },
    });
    return found.map((account) => ({
      id: account.id,
      name: account.name,
      email: account.email,
      providers: logins.filter((login) => login.accountId === account.id).map((login) => login.provider),
      banned: account.bannedAt !== null,
      createdAt: account.createdAt.toISOString(),
    }));
  }

  /**
   * Removes the account's login with `provider` (404 if it has none, 409 if it is the last one: an
   * account nobody can sign in to is not an unlink). Roles that login's configuration granted go with
   * it, and like any role change that cuts the account's tokens. A ban kept against the identity stays.
   */
  async unlinkLogin(accountId: string, provider: string, client: ClientContext = internalClient()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const account = await manager
        .getRepository(Account)
        .findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundException('account not found');
      const logins = manager.getRepository(Login);
      const login = await logins.findOneBy({ accountId, provider });
      if (!login) throw new NotFoundException(`no ${provider} login is linked to this account`);
      if ((await logins.countBy({ accountId })) === 1)
        throw new ConflictException('this is the account’s only login; link another before unlinking it');
      await logins.delete({ id: login.id });
      const claims = manager.getRepository(Claim);
      const granted = await claims.find({ where: { accountId, type: 'role', source: provider } });
      const dropped = granted.filter((claim) => claim.value !== ROLES.user);
      // The base role stays whichever login created the account; it is not that provider's to take.
      if (dropped.length) await claims.delete(dropped.map((claim) => claim.id));
      if (dropped.length) await this.revocations.revokeAccountTokens(accountId, 'roles_changed', manager);
      await this.audit.record('login_unlinked', { accountId, client, detail: { provider } }, manager);
    });
  }

  /** Records the ban against these provider identities, held by `accountId`. */
  async banIdentities(
    accountId: string,
    logins: Array<Pick<Login, 'provider' | 'providerUserId'>>,
    bannedAt: Date,
    manager: EntityManager,
  ): Promise<void> {
    if (!logins.length) return;
    await manager.getRepository(BannedIdentity).upsert(
      logins.map((login) => ({
        identityHash: identityHash(login.provider, login.providerUserId),
        accountId,
        bannedAt,
      })),
      ['identityHash'],
    );
  }

  /**
   * Replaces the roles granted by hand (`source = admin`); the base role always stays. A role a
   * provider grants at every login (ADMIN_FACEBOOK_IDS) cannot be taken away here: 409, nothing
   * changes. A change reaches every service like a ban: access tokens minted before it are refused
   * within the revocation delay, and the next refresh carries the new roles.
   */
  async setRoles(accountId: string, roles: string[], by?: string): Promise<AccountView> {
    await this.dataSource.transaction(async (manager) => {
      const account = await manager
        .getRepository(Account)
        .findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundException('account not found');
      const claims = manager.getRepository(Claim);
      const held = await claims.find({ where: { accountId, type: 'role' } });
      const wanted = new Set(roles.filter((role) => role !== ROLES.user));
      const fromProviders = held.filter((claim) => claim.source !== GRANTED_BY_HAND && claim.value !== ROLES.user);
      const kept = fromProviders.find((claim) => !wanted.has(claim.value));
      if (kept) {
        throw new ConflictException(
          `the role ${kept.value} is granted by the ${kept.source} login at every sign-in (e.g. ADMIN_FACEBOOK_IDS); remove it there, nothing was changed`,
        );
      }
      const before = new Set(held.map((claim) => claim.value));
      const providerRoles = new Set(fromProviders.map((claim) => claim.value));
      const byHand = [...wanted].filter((role) => !providerRoles.has(role));
      const after = new Set([ROLES.user, ...providerRoles, ...byHand]);
      if (before.size === after.size && [...after].every((role) => before.has(role))) return;
      await claims.delete({ accountId, type: 'role', source: GRANTED_BY_HAND });
      if (byHand.length)
        await claims.insert(
          byHand.map((value) => ({ accountId, type: 'role' as const, value, source: GRANTED_BY_HAND })),
        );
      await this.revocations.revokeAccountTokens(accountId, 'roles_changed', manager);
      await this.audit.record('roles_changed', { accountId, detail: { roles: [...after].sort(), by } }, manager);
    });
    return this.view(accountId);
  }
}
