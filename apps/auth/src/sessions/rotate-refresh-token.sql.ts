import type { PreparedStatement } from '@app/common';

/**
 * A whole refresh rotation in one statement (one round trip, committed on its own): claims the
 * presented token while it is unrevoked and either unused and unexpired, or first used after $6
 * (within REFRESH_REUSE_INTERVAL), AND its session is live AND its account is not banned, so a
 * refused rotation changes nothing; then inserts a successor, extends the session, appends the
 * audit event and answers the account's claims and earliest token `iat` for the access token.
 * No row means "refused": the caller works out why on a slow path.
 *
 * Racing uses of one token queue on its row lock; each re-reads the row once the one before it has
 * committed, finds it used a moment ago, and gets a successor of its own (a sibling): every pair
 * handed out works. `used_at` keeps the first use, so the interval never stretches.
 *
 * $1 the presented token's hash, $2 now, $3 the successor's hash, $4 the idle expiry if the
 * absolute one is later, $5 the client's IP, $6 the earliest first use still within the reuse
 * interval ($2 when it is off), $7 the client's user agent.
 */
export const ROTATE_REFRESH_TOKEN: PreparedStatement = {
  name: 'rotate_refresh_token',
  text: `
  WITH claimed AS (
    UPDATE auth.refresh_tokens t SET used_at = COALESCE(t.used_at, $2)
      FROM auth.sessions s, auth.accounts a
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL
       AND ((t.used_at IS NULL AND t.expires_at > $2) OR t.used_at > $6)
       AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.idle_expires_at > $2
       AND a.id = s.account_id AND a.banned_at IS NULL
    RETURNING t.id AS parent_id, s.id AS session_id, s.account_id, a.tokens_not_before, LEAST($4::timestamptz, s.expires_at) AS idle_expires_at
  ), successor AS (
    INSERT INTO auth.refresh_tokens (session_id, parent_id, token_hash, issued_at, expires_at)
    SELECT session_id, parent_id, $3, $2, idle_expires_at FROM claimed
  ), extended AS (
    UPDATE auth.sessions s SET last_used_at = $2, idle_expires_at = c.idle_expires_at FROM claimed c WHERE s.id = c.session_id
  ), audited AS (
    INSERT INTO auth.audit_events (type, account_id, session_id, ip, user_agent, detail, created_at)
    SELECT 'refresh', account_id, session_id, $5, $7, '{}'::jsonb, $2 FROM claimed
  )
  SELECT c.session_id, c.account_id, c.tokens_not_before,
         COALESCE(array_agg(cl.value ORDER BY cl.value) FILTER (WHERE cl.type = 'role'), '{}') AS roles,
         COALESCE(array_agg(cl.value ORDER BY cl.value) FILTER (WHERE cl.type = 'scope'), '{}') AS scopes
    FROM claimed c LEFT JOIN auth.claims cl ON cl.account_id = c.account_id
   GROUP BY c.session_id, c.account_id, c.tokens_not_before`,
};

export interface RotationRow {
  session_id: string;
  account_id: string;
  tokens_not_before: Date | null;
  roles: string[];
  scopes: string[];
}
