import { Injectable, NotFoundException, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, MoreThan } from 'typeorm';
import { PlatformMetrics, queryPrepared } from '@app/common';
import type { AccessTokenClaims } from '@app/security';
import { Account } from '../accounts/account.entity';
import type { AccountClaims } from '../accounts/account.service';
import { type AuditRecord, AuditService } from '../audit/audit.service';
import type { ClientContext } from '../audit/client-context';
import { Clock } from '../clock/clock';
import { RevocationService } from '../revocations/revocation.service';
import { OAuthException } from '../shared/oauth.exception';
import { newOpaqueToken, sha256Hex } from '../shared/token-hash';
import { RefreshToken } from './refresh-token.entity';
import { ROTATE_REFRESH_TOKEN, type RotationRow } from './rotate-refresh-token.sql';
import { Session } from './session.entity';
import { SessionsConfig } from './sessions.config';

/** What holds a session on the client: a refresh token (memory and cookie mode) or a browser-session cookie (session mode). */
export type SessionHolder = 'refresh_token' | 'browser';

export interface OpenedSession {
  session: Session;
  /** The refresh token, or the browser-session secret, to hand to the client once. */
  secret: string;
}

/** A live session of an account that is not banned, with that account. */
export interface UsableSession {
  session: Session;
  account: Account;
}

/** A rotated session: what the access token of its new pair is made of. */
export interface RotatedSession {
  sessionId: string;
  accountId: string;
  claims: AccountClaims;
  tokensNotBefore: Date | null;
  refreshToken: string;
}

export type SessionEndReason =
  'logout' | 'logout_all' | 'revoked' | 'evicted' | 'reuse_detected' | 'banned' | 'deauthorized' | 'data_deleted';

/**
 * Sessions are refresh-token families. Rotation is one conditional statement; a rotated token
 * presented again within REFRESH_REUSE_INTERVAL gets a successor of its own, later it revokes the family.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: SessionsConfig,
    private readonly clock: Clock,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  /** Opens a session for a login, evicting the oldest live ones beyond MAX_SESSIONS_PER_ACCOUNT. */
  async open(
    accountId: string,
    provider: string,
    client: ClientContext,
    manager: EntityManager,
    holder: SessionHolder = 'refresh_token',
  ): Promise<OpenedSession> {
    const now = this.clock.now();
    // Serialises concurrent logins of one account so the cap holds.
    await manager
      .getRepository(Account)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :accountId', { accountId })
      .getOne();
    const live = await manager.getRepository(Session).find({
      where: { accountId, revokedAt: IsNull(), expiresAt: MoreThan(now), idleExpiresAt: MoreThan(now) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const excess = live.length - this.config.MAX_SESSIONS_PER_ACCOUNT + 1;
    for (const oldest of live.slice(0, Math.max(excess, 0))) {
      await this.end(oldest.id, 'evicted', manager);
      await this.audit.record('session_evicted', { accountId, sessionId: oldest.id, client }, manager);
    }
    const expiresAt = new Date(now.getTime() + this.config.REFRESH_TOKEN_MAX_AGE * 1000);
    const idleExpiresAt = this.idleExpiry(now, expiresAt);
    const browserSecret = holder === 'browser' ? newOpaqueToken() : undefined;
    const session = await manager.getRepository(Session).save(
      manager.getRepository(Session).create({
        accountId,
        provider,
        createdAt: now,
        lastUsedAt: now,
        idleExpiresAt,
        expiresAt,
        revokedAt: null,
        revokedReason: null,
        ip: client.ip,
        userAgent: client.userAgent,
        browserSecretHash: browserSecret ? sha256Hex(browserSecret) : null,
      }),
    );
    const secret = browserSecret ?? (await this.issueRefreshToken(session.id, null, idleExpiresAt, manager));
    return { session, secret };
  }

  /**
   * The one rule for "may this session be used right now": not ended, not past its idle or absolute
   * expiry, and its account not banned. Found by id (an access token's `sid`) or by the hash of its
   * browser-session secret.
   */
  async usable(where: { id: string } | { browserSecretHash: string }): Promise<UsableSession | undefined> {
    const now = this.clock.now();
    const query = this.dataSource
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.account', Account, 'a', 'a.id = s.account_id AND a.banned_at IS NULL')
      .where('s.revoked_at IS NULL AND s.expires_at > :now AND s.idle_expires_at > :now', { now });
    if ('id' in where) query.andWhere('s.id = :id', { id: where.id });
    else query.andWhere('s.browser_secret_hash = :hash', { hash: where.browserSecretHash });
    const found = (await query.getOne()) as (Session & { account?: Account }) | null;
    if (!found?.account) return undefined;
    const { account, ...session } = found;
    return { session: Object.assign(new Session(), session), account };
  }

  /**
   * Why a user's access token may not act right now, checked against the database rather than the
   * revocation feed: not a user token, its session no longer usable (or not its subject's), or
   * minted before the account's last change (roles, ban). Undefined when it may.
   */
  async tokenRefusal(claims: Pick<AccessTokenClaims, 'sid' | 'sub' | 'iat' | 'act'>): Promise<string | undefined> {
    if (!claims.sid || claims.act) return 'a user access token is required';
    const usable = await this.usable({ id: claims.sid });
    if (usable?.account.id !== claims.sub) return 'the session has ended';
    const notBefore = usable.account.tokensNotBefore;
    if (notBefore && claims.iat * 1000 < notBefore.getTime())
      return 'the account changed after this token was issued; refresh it';
    return undefined;
  }

  /** A use of a browser session: it stays alive for another REFRESH_TOKEN_TTL, as a refresh would keep it. */
  async touch(session: Session): Promise<void> {
    const now = this.clock.now();
    await this.dataSource
      .getRepository(Session)
      .update({ id: session.id }, { lastUsedAt: now, idleExpiresAt: this.idleExpiry(now, session.expiresAt) });
  }

  /** The session of a browser-session secret, whatever its state. */
  async findByBrowserSecret(secret: string): Promise<Session | null> {
    return this.dataSource.getRepository(Session).findOneBy({ browserSecretHash: sha256Hex(secret) });
  }

  /**
   * The usable session of a refresh token that could still rotate (unused, or within the reuse
   * interval), without rotating it: for `GET /auth/session`, which must never spend a token.
   */
  async usableByRefreshToken(presented: string): Promise<UsableSession | undefined> {
    const token = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256Hex(presented) });
    const now = this.clock.now();
    if (!token || token.revokedAt) return undefined;
    const spendable = token.usedAt ? token.usedAt > this.reuseCutoff(now) : token.expiresAt > now;
    return spendable ? this.usable({ id: token.sessionId }) : undefined;
  }

  /**
   * Exchanges a refresh token for a successor. Throws `invalid_grant` for anything but a live token
   * of a live session that is unused, or was first used within REFRESH_REUSE_INTERVAL (two tabs, a
   * retry after a lost answer): that one gets a successor of its own and nothing is revoked. The
   * accepted case is one statement (see {@link ROTATE_REFRESH_TOKEN}); refusals take the slow path.
   */
  async rotate(presented: string, client: ClientContext): Promise<RotatedSession> {
    const tokenHash = sha256Hex(presented);
    const now = this.clock.now();
    const refreshToken = newOpaqueToken();
    const idleExpiry = new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL * 1000);
    const values = [
      tokenHash,
      now,
      sha256Hex(refreshToken),
      idleExpiry,
      client.ip,
      this.reuseCutoff(now),
      client.userAgent,
    ];
    const [rotated] = await queryPrepared<RotationRow>(this.dataSource, ROTATE_REFRESH_TOKEN, values);
    if (rotated) {
      const {
        session_id: sessionId,
        account_id: accountId,
        roles,
        scopes,
        tokens_not_before: tokensNotBefore,
      } = rotated;
      this.metrics?.refreshRotations.inc();
      return { sessionId, accountId, claims: { roles, scopes }, tokensNotBefore, refreshToken };
    }
    throw await this.refusal(tokenHash, now, client);
  }

  /** A token first used after this may still be presented again. */
  private reuseCutoff(now: Date): Date {
    return new Date(now.getTime() - this.config.REFRESH_REUSE_INTERVAL * 1000);
  }

  /** Why a refresh token was not accepted; revokes the family when a rotated token is replayed. */
  private async refusal(tokenHash: string, now: Date, client: ClientContext): Promise<OAuthException> {
    const token = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash });
    if (!token) return new OAuthException('invalid_grant', 'unknown refresh token');
    if (token.revokedAt) return new OAuthException('invalid_grant', 'the session has ended');
    if (!token.usedAt && token.expiresAt <= now)
      return new OAuthException('invalid_grant', 'the refresh token has expired');
    const {
      entities: [session],
      raw: [{ account_banned_at: bannedAt }],
    } = await this.dataSource
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoin(Account, 'a', 'a.id = s.account_id')
      .addSelect('a.banned_at', 'account_banned_at')
      .where('s.id = :sessionId', { sessionId: token.sessionId })
      .getRawAndEntities<{ account_banned_at: Date | null }>();
    if (session.revokedAt || session.expiresAt <= now || session.idleExpiresAt <= now) {
      return new OAuthException('invalid_grant', 'the session has ended');
    }
    if (bannedAt) return new OAuthException('invalid_grant', 'the account is suspended');
    // Used before the reuse interval began: a thief or a broken client is replaying it.
    if (token.usedAt && token.usedAt <= this.reuseCutoff(now)) {
      await this.dataSource.transaction(async (manager) => {
        await this.end(session.id, 'reuse_detected', manager);
        await this.audit.record(
          'refresh_reuse_detected',
          { accountId: session.accountId, sessionId: session.id, client },
          manager,
        );
      });
      return new OAuthException('invalid_grant', 'the refresh token was already used; the session has been revoked');
    }
    return new OAuthException('invalid_grant', 'the refresh token is not valid');
  }

  /** The session a refresh token belongs to, whatever its state. */
  async findByRefreshToken(presented: string): Promise<Session | null> {
    const token = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256Hex(presented) });
    return token ? this.dataSource.getRepository(Session).findOneBy({ id: token.sessionId }) : null;
  }

  async findLive(sessionId: string): Promise<Session | null> {
    const now = this.clock.now();
    return this.dataSource.getRepository(Session).findOneBy({
      id: sessionId,
      revokedAt: IsNull(),
      expiresAt: MoreThan(now),
      idleExpiresAt: MoreThan(now),
    });
  }

  async listLive(accountId: string): Promise<Session[]> {
    const now = this.clock.now();
    return this.dataSource.getRepository(Session).find({
      where: { accountId, revokedAt: IsNull(), expiresAt: MoreThan(now), idleExpiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * Ends a session: its refresh tokens stop working at once, and its access tokens as soon as
   * services read the revocation feed. Returns false when it had already ended.
   */
  async end(sessionId: string, reason: SessionEndReason, manager?: EntityManager): Promise<boolean> {
    const run = async (m: EntityManager) => {
      const now = this.clock.now();
      const result = await m
        .getRepository(Session)
        .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
      if (!result.affected) return false;
      await m
        .getRepository(RefreshToken)
        .update({ sessionId, revokedAt: IsNull() }, { revokedAt: now, revokedReason: reason });
      await this.revocations.revokeSession(sessionId, reason, m);
      return true;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /**
   * Ends one of `accountId`'s live sessions and audits it (`session_revoked`, with `record`'s client
   * and facts) in one transaction. Another account's session, or one already ended, is a 404: there
   * is nothing of this account's to end.
   */
  async revokeOwn(
    accountId: string,
    sessionId: string,
    record: Pick<AuditRecord, 'client' | 'detail'> = {},
  ): Promise<void> {
    const session = await this.findLive(sessionId);
    if (!session || session.accountId !== accountId) throw new NotFoundException('session not found');
    await this.dataSource.transaction(async (manager) => {
      await this.end(sessionId, 'revoked', manager);
      await this.audit.record('session_revoked', { accountId, sessionId, ...record }, manager);
    });
  }

  /** Ends every session of an account and revokes every access token issued to it so far. */
  async endAll(accountId: string, reason: SessionEndReason, manager?: EntityManager): Promise<number> {
    const run = async (m: EntityManager) => {
      const open = await m
        .getRepository(Session)
        .find({ where: { accountId, revokedAt: IsNull() }, select: { id: true } });
      for (const session of open) await this.end(session.id, reason, m);
      await this.revocations.revokeAccountTokens(accountId, reason, m);
      return open.length;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  private idleExpiry(now: Date, absoluteExpiry: Date): Date {
    return new Date(Math.min(now.getTime() + this.config.REFRESH_TOKEN_TTL * 1000, absoluteExpiry.getTime()));
  }

  private async issueRefreshToken(
    sessionId: string,
    parentId: string | null,
    expiresAt: Date,
    manager: EntityManager,
  ): Promise<string> {
    const token = newOpaqueToken();
    await manager.getRepository(RefreshToken).insert({
      sessionId,
      parentId,
      tokenHash: sha256Hex(token),
      issuedAt: this.clock.now(),
      expiresAt,
      usedAt: null,
      revokedAt: null,
      revokedReason: null,
    });
    return token;
  }
}
