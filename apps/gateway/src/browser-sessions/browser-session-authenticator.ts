import { Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { InjectService } from '@app/common';
import { type AccessTokenClaims, RpcStatusException, sendRpc, TokenVerificationService } from '@app/security';
import { AUTH_PATTERNS } from '@app/contracts';

interface HeldToken {
  token: string;
  claims: Pick<AccessTokenClaims, 'sid' | 'sub' | 'iat' | 'exp'>;
}

/** Browser sessions whose access token this gateway holds at once; the oldest is dropped beyond. */
const HELD_LIMIT = 10_000;
/** A held token is replaced this long before it expires, so a forwarded one never expires in flight. */
const RENEW_BEFORE_EXPIRY_S = 60;

const claimsOf = (token: string): HeldToken['claims'] =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

/**
 * Session mode at the gateway: trades a browser's session cookie for an access token of that
 * session (`auth.browser-sessions.token`), holds it server-side until shortly before it expires or
 * the revocation feed names it (a ban, a logout, a role change), and never sends it to the browser.
 * Concurrent requests of one session share one trade.
 */
@Injectable()
export class BrowserSessionAuthenticator {
  private readonly held = new Map<string, HeldToken>();
  private readonly trading = new Map<string, Promise<string | undefined>>();

  constructor(
    @InjectService('auth') private readonly auth: ClientProxy,
    private readonly verification: TokenVerificationService,
  ) {}

  /** The access token to forward for this cookie; undefined once the session cannot be used. */
  async accessTokenFor(secret: string): Promise<string | undefined> {
    // Held under a hash: the map never holds the cookie itself.
    const key = createHash('sha256').update(secret).digest('base64url');
    const held = this.held.get(key);
    if (
      held &&
      held.claims.exp - RENEW_BEFORE_EXPIRY_S > Date.now() / 1000 &&
      !this.verification.revocations.isRevoked(held.claims)
    )
      return held.token;
    this.held.delete(key);
    let trade = this.trading.get(key);
    if (!trade) {
      trade = this.trade(key, secret).finally(() => this.trading.delete(key));
      this.trading.set(key, trade);
    }
    return trade;
  }

  private async trade(key: string, secret: string): Promise<string | undefined> {
    let token: string;
    try {
      ({ access_token: token } = await sendRpc<{ access_token: string }>(this.auth, AUTH_PATTERNS.browserSessionToken, {
        secret,
      }));
    } catch (error) {
      if (error instanceof RpcStatusException && (error.getError() as { status: number }).status === 401)
        return undefined;
      throw error;
    }
    if (this.held.size >= HELD_LIMIT) this.held.delete(this.held.keys().next().value!);
    this.held.set(key, { token, claims: claimsOf(token) });
    return token;
  }
}
