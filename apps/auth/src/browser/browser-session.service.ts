import { Injectable } from '@nestjs/common';
import { SessionService } from '../sessions/session.service';
import { TokenIssuer } from '../tokens/token-issuer';
import { sha256Hex } from '../shared/token-hash';

/** What `GET /auth/session` tells an SPA about this browser. */
export type BrowserSessionState =
  | { state: 'signed-in'; account: { id: string; name: string } }
  | { state: 'returning'; account: { name: string } }
  | { state: 'anonymous' };

export interface BrowserCredentials {
  /** Cookie mode's refresh cookie. */
  refreshToken?: string;
  /** Session mode's session cookie. */
  sessionSecret?: string;
  /** The name in the hint cookie (not a credential). */
  hintName?: string;
}

/**
 * Sessions as browsers hold them. In session mode the browser holds only an opaque cookie; the
 * gateway trades it here for a short-lived access token it keeps server-side and forwards to the
 * services, so no token ever reaches the page.
 */
@Injectable()
export class BrowserSessionService {
  constructor(
    private readonly sessions: SessionService,
    private readonly tokens: TokenIssuer,
  ) {}

  /** An access token of the session this cookie holds; undefined once it cannot be used. */
  async accessToken(sessionSecret: string): Promise<{ access_token: string; expires_in: number } | undefined> {
    const usable = await this.sessions.usable({ browserSecretHash: sha256Hex(sessionSecret) });
    if (!usable) return undefined;
    await this.sessions.touch(usable.session);
    const { access_token, expires_in } = await this.tokens.forSession(
      usable.account.id,
      usable.session.id,
      undefined,
      usable.account.tokensNotBefore,
    );
    return { access_token, expires_in };
  }

  /** Never rotates or spends anything. */
  async state({ refreshToken, sessionSecret, hintName }: BrowserCredentials): Promise<BrowserSessionState> {
    const usable =
      (sessionSecret ? await this.sessions.usable({ browserSecretHash: sha256Hex(sessionSecret) }) : undefined) ??
      (refreshToken ? await this.sessions.usableByRefreshToken(refreshToken) : undefined);
    if (usable) return { state: 'signed-in', account: { id: usable.account.id, name: usable.account.name } };
    return hintName ? { state: 'returning', account: { name: hintName } } : { state: 'anonymous' };
  }
}
