import type { AccessTokenClaims } from './access-token-claims';
import type { RevocationFeedEntry } from './auth-directory';

/** What this process knows has been revoked, from the auth app's feed. */
export class RevocationRegistry {
  /** sid → when the entry can be forgotten (epoch s). */
  private readonly sessions = new Map<string, number>();
  private readonly accountsNotBefore = new Map<string, { notBefore: number; expiresAt: number }>();
  cursor: string | undefined;
  /** Bumped on every change, so caches can tell they may hold a revoked token. */
  version = 0;

  apply(entries: RevocationFeedEntry[]): void {
    for (const entry of entries) {
      if (entry.sid) this.sessions.set(entry.sid, entry.expiresAt);
      if (entry.sub && entry.notBefore !== undefined) {
        const previous = this.accountsNotBefore.get(entry.sub);
        this.accountsNotBefore.set(entry.sub, {
          notBefore: Math.max(entry.notBefore, previous?.notBefore ?? 0),
          expiresAt: Math.max(entry.expiresAt, previous?.expiresAt ?? 0),
        });
      }
      this.cursor = entry.cursor;
    }
    if (entries.length) this.version += 1;
  }

  /** Forgets entries that can no longer affect a live token. */
  prune(nowSeconds: number): void {
    for (const [sid, expiresAt] of this.sessions) if (expiresAt < nowSeconds) this.sessions.delete(sid);
    for (const [sub, entry] of this.accountsNotBefore)
      if (entry.expiresAt < nowSeconds) this.accountsNotBefore.delete(sub);
  }

  isRevoked(claims: Pick<AccessTokenClaims, 'sid' | 'sub' | 'iat'>): boolean {
    if (claims.sid && this.sessions.has(claims.sid)) return true;
    const account = this.accountsNotBefore.get(claims.sub);
    return account !== undefined && claims.iat < account.notBefore;
  }
}
