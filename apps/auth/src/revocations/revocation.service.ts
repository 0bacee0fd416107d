import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, MoreThan, type Repository } from 'typeorm';
import type { RevocationFeedPage } from '@app/security';
import { Clock } from '../clock/clock';
import { Revocation } from './revocation.entity';
import { AccessTokensConfig } from '../shared/access-tokens.config';

const FEED_PAGE_SIZE = 500;
// Entries outlive the tokens they affect by this much (clock skew between services).
const RETENTION_MARGIN_SECONDS = 60;
const nextWholeSecond = (time: Date) => (Math.floor(time.getTime() / 1000) + 1) * 1000;
/** Notified by a trigger on every insert (migration RevocationNotify), delivered at commit. */
export const REVOCATIONS_CHANNEL = 'auth_revocations';

@Injectable()
export class RevocationService {
  constructor(
    @InjectRepository(Revocation) private readonly revocations: Repository<Revocation>,
    private readonly config: AccessTokensConfig,
    private readonly clock: Clock,
  ) {}

  async revokeSession(sessionId: string, reason: string, manager?: EntityManager): Promise<void> {
    await this.insert({ sessionId, accountId: null, notBefore: null, reason }, manager);
  }

  /**
   * Every token of the account issued before now. `iat` counts whole seconds, so the cut is the next
   * whole second: a token minted earlier in this second is refused too, and the account's tokens
   * minted from now on are given that `iat` (accounts.tokens_not_before), so none is refused.
   * A second cut in the same second waits for the next one: the tokens minted after the first cut
   * carry its `iat`, and only a later cut refuses them. So cuts strictly increase and an `iat` is
   * never more than a second ahead.
   */
  async revokeAccountTokens(accountId: string, reason: string, manager: EntityManager): Promise<void> {
    const [account] = await manager.query('SELECT tokens_not_before FROM auth.accounts WHERE id = $1 FOR UPDATE', [
      accountId,
    ]);
    const previous = (account?.tokens_not_before as Date | null | undefined)?.getTime() ?? 0;
    const wait = previous - this.clock.now().getTime();
    if (wait >= 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait + 1, 1000)));
    const notBefore = new Date(Math.max(nextWholeSecond(this.clock.now()), previous + 1000));
    await manager.query('UPDATE auth.accounts SET tokens_not_before = $2 WHERE id = $1', [accountId, notBefore]);
    await this.insert({ sessionId: null, accountId, notBefore, reason }, manager);
  }

  async feed(after: string | undefined, limit = FEED_PAGE_SIZE): Promise<RevocationFeedPage> {
    const cursor = after && /^\d{1,19}$/.test(after) ? after : '0';
    const rows = await this.revocations.find({
      where: { id: MoreThan(cursor) },
      order: { id: 'ASC' },
      take: Math.min(Math.max(limit, 1), FEED_PAGE_SIZE),
    });
    return {
      cursor: rows.at(-1)?.id ?? cursor,
      entries: rows.map((row) => ({
        cursor: row.id,
        ...(row.sessionId ? { sid: row.sessionId } : {}),
        ...(row.accountId ? { sub: row.accountId } : {}),
        ...(row.notBefore ? { notBefore: Math.floor(row.notBefore.getTime() / 1000) } : {}),
        expiresAt: Math.ceil(row.expiresAt.getTime() / 1000),
        revokedAt: row.createdAt.getTime(),
      })),
    };
  }

  /** Drops entries that can no longer affect a live token. */
  async prune(): Promise<number> {
    const result = await this.revocations.delete({ expiresAt: LessThan(this.clock.now()) });
    return result.affected ?? 0;
  }

  private async insert(
    entry: Pick<Revocation, 'sessionId' | 'accountId' | 'notBefore' | 'reason'>,
    manager?: EntityManager,
  ) {
    const now = this.clock.now();
    const repository = manager ? manager.getRepository(Revocation) : this.revocations;
    await repository.insert({
      ...entry,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (this.config.ACCESS_TOKEN_TTL + RETENTION_MARGIN_SECONDS) * 1000),
    });
  }
}
