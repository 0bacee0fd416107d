import type { PreparedStatement } from '@app/common';

/**
 * A whole refresh rotation in one statement (one round trip, committed on its own): claims the
 * presented token only while it is unused, unrevoked and unexpired AND its session is live AND its
 * account is not banned, so a refused rotation changes nothing; then inserts the successor, extends
 * the session, appends the audit event and answers the account's claims for the access token.
 * No row means "refused": the caller works out why on a slow path.
 *
 * $1 the presented token's hash (or, for a retried lost answer, the parent token's id), $2 the wall-clock
 * stamp of the use, $3 now, $4 the successor's hash, $5 the idle expiry if the absolute one is later,
 * $6 the client's IP, $7 its user agent.
 */
const rotation = (name: string, claim: string, marker: string): PreparedStatement => ({
  name,
  text: `
  WITH claimed AS (
    UPDATE auth.refresh_tokens t SET used_at = $2${marker}
      FROM auth.sessions s, auth.accounts a
     WHERE ${claim} AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $3
       AND s.id = t.session_id AND s.revoked_at IS NULL AND s.expires_at > $3 AND s.idle_expires_at > $3
       AND a.id = s.account_id AND a.banned_at IS NULL
    RETURNING t.id AS parent_id, s.id AS session_id, s.account_id, LEAST($5::timestamptz, s.expires_at) AS idle_expires_at
  ), successor AS (
    INSERT INTO auth.refresh_tokens (session_id, parent_id, token_hash, issued_at, expires_at)
    SELECT session_id, parent_id, $4, $3, idle_expires_at FROM claimed
  ), extended AS (
    UPDATE auth.sessions s SET last_used_at = $3, idle_expires_at = c.idle_expires_at FROM claimed c WHERE s.id = c.session_id
  ), audited AS (
    INSERT INTO auth.audit_events (type, account_id, session_id, ip, user_agent, detail, created_at)
    SELECT 'refresh', account_id, session_id, $6, $7, '{}'::jsonb, $3 FROM claimed
  )
  SELECT c.session_id, c.account_id,
         COALESCE(array_agg(cl.value ORDER BY cl.value) FILTER (WHERE cl.type = 'role'), '{}') AS roles,
         COALESCE(array_agg(cl.value ORDER BY cl.value) FILTER (WHERE cl.type = 'scope'), '{}') AS scopes
    FROM claimed c LEFT JOIN auth.claims cl ON cl.account_id = c.account_id
   GROUP BY c.session_id, c.account_id`,
});

/** Rotates the token whose hash is presented. */
export const ROTATE_PRESENTED_TOKEN = rotation('rotate_presented_refresh_token', 't.token_hash = $1', '');

/** Rotates, on behalf of a client whose answer was lost, the successor of the token it presented again. */
export const ROTATE_UNSEEN_SUCCESSOR = rotation('rotate_unseen_successor', 't.parent_id = $1', ', rotated_on_retry = true');

export interface RotationRow {
  session_id: string;
  account_id: string;
  roles: string[];
  scopes: string[];
}
