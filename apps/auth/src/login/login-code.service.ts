import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { OAuthException } from '../shared/oauth.exception';
import { newOpaqueToken, sha256Hex } from '../shared/token-hash';
import { LoginCode } from './login-code.entity';

const CODE_LIFETIME_MS = 60_000;

/** RFC 7636 S256: BASE64URL(SHA256(verifier)). */
export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** One-time login codes: 60 s, single use, bound to a PKCE challenge and a redirect URI. */
@Injectable()
export class LoginCodeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async issue(accountId: string, provider: string, codeChallenge: string, redirectUri: string): Promise<string> {
    const code = newOpaqueToken();
    const now = this.clock.now();
    await this.dataSource.getRepository(LoginCode).insert({
      codeHash: sha256Hex(code),
      accountId,
      provider,
      codeChallenge,
      redirectUri,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
      usedAt: null,
    });
    return code;
  }

  /** Consumes the code (once, atomically) and returns whose it was; `invalid_grant` otherwise. */
  async redeem(
    code: string,
    codeVerifier: string,
    redirectUri: string,
  ): Promise<{ accountId: string; provider: string }> {
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(codeVerifier)) {
      throw new OAuthException('invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9._~-]');
    }
    const now = this.clock.now();
    // Consumed before checking PKCE: a wrong verifier burns the code, so it cannot be guessed at.
    const [rows]: [LoginCode[], number] = await this.dataSource.query(
      `UPDATE auth.login_codes SET used_at = $2
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING account_id AS "accountId", provider, code_challenge AS "codeChallenge", redirect_uri AS "redirectUri"`,
      [sha256Hex(code), now],
    );
    const login = rows[0];
    if (!login) throw new OAuthException('invalid_grant', 'the code is invalid, expired or already used');
    if (login.redirectUri !== redirectUri)
      throw new OAuthException('invalid_grant', 'redirect_uri does not match the one the code was issued for');
    const expected = Buffer.from(login.codeChallenge);
    const actual = Buffer.from(s256(codeVerifier));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new OAuthException('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    return { accountId: login.accountId, provider: login.provider };
  }
}
