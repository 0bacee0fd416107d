import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AccountService } from '../accounts/account.service';
import { BannedIdentity } from '../accounts/banned-identity.entity';
import { Claim } from '../accounts/claim.entity';
import { identityHash } from '../accounts/identity-hash';
import { Login } from '../accounts/login.entity';
import { AuditService } from '../audit/audit.service';
import { type ClientContext, internalClient } from '../audit/client-context';
import { Clock } from '../clock/clock';
import { type SessionHolder, SessionService } from '../sessions/session.service';
import { TokenIssuer } from '../tokens/token-issuer';
import type { TokenResponse } from '../tokens/token-response';
import type { LoginProvider, ProviderIdentity } from './login-provider';
import { AccountExistsError, AlreadyLinkedError } from './provider-errors';
import { ROLES } from '@app/contracts';

export interface LoginResult {
  accountId: string;
  sessionId: string;
  tokens: TokenResponse;
}

/** Turns a provider-verified identity into an account, a session and tokens. */
const isConcurrentFirstLogin = (error: unknown): boolean => {
  const cause = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : {};
  return cause.code === '23505' && cause.constraint === 'uq_logins_provider_user';
};

@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async loginWith<Input>(provider: LoginProvider<Input>, input: Input, client: ClientContext): Promise<LoginResult> {
    return this.login(await this.authenticate(provider, input, client), client);
  }

  /** The provider's verdict on `input`; a refusal is audited as `login_failed`, then thrown. */
  async authenticate<Input>(
    provider: LoginProvider<Input>,
    input: Input,
    client: ClientContext,
  ): Promise<ProviderIdentity> {
    try {
      return await provider.authenticate(input);
    } catch (error) {
      await this.recordFailure(provider.name, error, client);
      throw error;
    }
  }

  /** A login that failed before the provider could vouch for anyone (e.g. its code exchange). */
  async recordFailure(provider: string, error: unknown, client: ClientContext): Promise<void> {
    await this.audit.record('login_failed', { client, detail: { provider, reason: (error as Error).message } });
  }

  async login(identity: ProviderIdentity, client: ClientContext): Promise<LoginResult> {
    const accountId = await this.admit(identity, client);
    return this.startSession(accountId, identity.provider, client);
  }

  /**
   * Creates or updates the account of a provider-verified identity and records the login.
   * A banned account is refused (403).
   */
  async admit(identity: ProviderIdentity, client: ClientContext): Promise<string> {
    const account = await this.upsertInTransaction(identity);
    return this.admitted(account, identity, client);
  }

  /**
   * Adds a provider-verified identity to `accountId` (a link ticket's account) and admits that
   * account. Refused, and nothing changes, when the identity already signs in to another account
   * ({@link AccountExistsError}: accounts are never merged) or the account already has a login with
   * this provider ({@link AlreadyLinkedError}). A ban kept against the identity bans the account.
   */
  async link(identity: ProviderIdentity, accountId: string, client: ClientContext): Promise<string> {
    let account: Account;
    try {
      account = await this.upsertInTransaction(identity, { accountId, client });
    } catch (error) {
      if (error instanceof AccountExistsError || error instanceof AlreadyLinkedError)
        await this.recordFailure(identity.provider, error, client);
      throw error;
    }
    return this.admitted(account, identity, client);
  }

  private async admitted(account: Account, identity: ProviderIdentity, client: ClientContext): Promise<string> {
    if (account.bannedAt) {
      await this.audit.record('login_failed', {
        accountId: account.id,
        client,
        detail: { provider: identity.provider, reason: 'banned' },
      });
      throw new ForbiddenException('this account is suspended');
    }
    await this.audit.record('login_succeeded', {
      accountId: account.id,
      client,
      detail: {
        provider: identity.provider,
        ...(identity.emailVerified === undefined ? {} : { emailVerified: identity.emailVerified }),
      },
    });
    return account.id;
  }

  /** Opens a session for an admitted account and issues its tokens: 403 if it is banned, 404 if it is gone. */
  async startSession(accountId: string, provider: string, client: ClientContext): Promise<LoginResult> {
    const { account, session, secret } = await this.open(accountId, provider, client, 'refresh_token');
    const tokens = await this.tokens.forSession(accountId, session.id, secret, account.tokensNotBefore);
    return { accountId, sessionId: session.id, tokens };
  }

  /** Session mode: opens a session held by a browser cookie; answers the cookie's secret (no token). */
  async startBrowserSession(
    accountId: string,
    provider: string,
    client: ClientContext,
  ): Promise<{ sessionId: string; secret: string; name: string }> {
    const { account, session, secret } = await this.open(accountId, provider, client, 'browser');
    return { sessionId: session.id, secret, name: account.name };
  }

  private async open(accountId: string, provider: string, client: ClientContext, holder: SessionHolder) {
    const opened = await this.dataSource.transaction(async (manager) => {
      const account = await manager.getRepository(Account).findOneBy({ id: accountId });
      if (!account) throw new NotFoundException('the account no longer exists');
      if (account.bannedAt) return undefined;
      return { account, ...(await this.sessions.open(accountId, provider, client, manager, holder)) };
    });
    if (!opened) throw new ForbiddenException('this account is suspended');
    return opened;
  }

  /**
   * {@link upsertAccount} in a transaction of its own. Two first logins of one identity at once both
   * find no login, and the later insert violates uq_logins_provider_user: run again, it finds the
   * login the other committed, as a login after it would.
   */
  private async upsertInTransaction(
    identity: ProviderIdentity,
    link?: { accountId: string; client: ClientContext },
  ): Promise<Account> {
    const attempt = () => this.dataSource.transaction((manager) => this.upsertAccount(identity, manager, link));
    try {
      return await attempt();
    } catch (error) {
      if (!isConcurrentFirstLogin(error)) throw error;
      return attempt();
    }
  }

  private async upsertAccount(
    identity: ProviderIdentity,
    manager: EntityManager,
    link?: { accountId: string; client: ClientContext },
  ): Promise<Account> {
    const now = this.clock.now();
    const logins = manager.getRepository(Login);
    const accounts = manager.getRepository(Account);
    let login = await logins.findOne({
      where: { provider: identity.provider, providerUserId: identity.providerUserId },
      lock: { mode: 'pessimistic_write' },
    });
    let account: Account;
    if (link) {
      const target = await accounts.findOne({ where: { id: link.accountId }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new NotFoundException('the account no longer exists');
      // A ticket issued just before a ban is still unspent; the banned account gains no login.
      if (target.bannedAt) throw new ForbiddenException('this account is suspended');
      if (login && login.accountId !== link.accountId)
        throw new AccountExistsError(`this ${identity.provider} login already belongs to another account`);
      if (!login) {
        if (await logins.existsBy({ accountId: link.accountId, provider: identity.provider }))
          throw new AlreadyLinkedError(`this account already has a ${identity.provider} login; unlink it first`);
        login = logins.create({
          accountId: link.accountId,
          provider: identity.provider,
          providerUserId: identity.providerUserId,
        });
        await this.audit.record(
          'login_linked',
          { accountId: link.accountId, client: link.client, detail: { provider: identity.provider } },
          manager,
        );
      }
      account = target;
    } else if (login) {
      account = await accounts.findOneByOrFail({ id: login.accountId });
      await accounts.update({ id: account.id }, { name: identity.name, email: identity.email ?? account.email });
    } else {
      account = await accounts.save(
        accounts.create({ name: identity.name, email: identity.email ?? null, bannedAt: null, banReason: null }),
      );
      await manager
        .getRepository(Claim)
        .insert({ accountId: account.id, type: 'role', value: ROLES.user, source: identity.provider });
      login = logins.create({
        accountId: account.id,
        provider: identity.provider,
        providerUserId: identity.providerUserId,
      });
    }
    login.lastLoginAt = now;
    if (identity.providerToken) {
      login.tokenHash = identity.providerToken.hash;
      login.tokenExpiresAt = identity.providerToken.expiresAt;
      login.tokenCiphertext = identity.providerToken.ciphertext ?? null;
    }
    await logins.save(login);
    await this.syncProviderRoles(account.id, identity, manager);
    return this.carryOverIdentityBan(account, identity, manager);
  }

  /**
   * A ban kept against this identity (its earlier account was banned, then deleted with the user's
   * data) bans the account it now signs in to, where an admin can see and lift it.
   */
  private async carryOverIdentityBan(
    account: Account,
    identity: ProviderIdentity,
    manager: EntityManager,
  ): Promise<Account> {
    if (account.bannedAt) return account;
    const hash = identityHash(identity.provider, identity.providerUserId);
    const ban = await manager.getRepository(BannedIdentity).findOneBy({ identityHash: hash });
    if (!ban) return account;
    const bannedAt = this.clock.now();
    const banReason = 'this login was banned before its data was deleted';
    await manager.getRepository(Account).update({ id: account.id }, { bannedAt, banReason });
    await this.accounts.banIdentities(account.id, [identity], ban.bannedAt, manager);
    await this.audit.record(
      'ban',
      { accountId: account.id, client: internalClient(), detail: { reason: banReason, carriedOver: true } },
      manager,
    );
    return { ...account, bannedAt, banReason };
  }

  /** Roles a provider's configuration grants follow that configuration at every login. */
  private async syncProviderRoles(
    accountId: string,
    identity: ProviderIdentity,
    manager: EntityManager,
  ): Promise<void> {
    const claims = manager.getRepository(Claim);
    const granted = new Set(identity.grantedRoles ?? []);
    const current = await claims.find({ where: { accountId, type: 'role', source: identity.provider } });
    for (const claim of current) {
      if (claim.value !== ROLES.user && !granted.has(claim.value)) await claims.delete({ id: claim.id });
    }
    const have = new Set((await this.accounts.claimsOf(accountId, manager)).roles);
    const missing = [...granted].filter((role) => !have.has(role));
    if (missing.length)
      await claims.insert(
        missing.map((value) => ({ accountId, type: 'role' as const, value, source: identity.provider })),
      );
  }
}
