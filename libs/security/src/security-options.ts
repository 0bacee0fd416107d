export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');

export interface SecurityOptions {
  /** The audience HTTP routes and unmarked handlers check (e.g. `gateway`); see `@ServiceAudience`. */
  defaultAudience: string;
  /** How often to pull the revocation feed (default REVOCATION_POLL_MS). Logout and bans must reach every service within 2 s. */
  revocationPollMs?: number;
  /** Also pull when auth announces a revocation over NATS (split mode, TRANSPORT=nats). */
  revocationAnnouncements?: boolean;
}
