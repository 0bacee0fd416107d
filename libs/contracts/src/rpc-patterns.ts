/**
 * Every RPC message pattern, named once and used by sender and receiver alike. A service's
 * patterns start with its name; its clients send exactly these strings.
 */
export const AUTH_PATTERNS = {
  jwks: 'auth.jwks',
  revocations: 'auth.revocations',
  token: 'auth.token',
  getAccount: 'auth.accounts.get',
  banAccount: 'auth.accounts.ban',
  unbanAccount: 'auth.accounts.unban',
  setRoles: 'auth.accounts.roles',
  searchAccounts: 'auth.accounts.search',
  accountSessions: 'auth.accounts.sessions',
  endAccountSession: 'auth.accounts.sessions.end',
  endAccountSessions: 'auth.accounts.sessions.end-all',
  audit: 'auth.audit.list',
  browserSessionToken: 'auth.browser-sessions.token',
  facebookToken: 'auth.facebook.token',
} as const;

/**
 * Broadcasts every instance of every service receives (NATS, no queue group). They carry nothing:
 * a receiver pulls what changed through the authenticated feed.
 */
export const AUTH_EVENTS = {
  /** Something was revoked: pull the revocation feed now instead of at the next poll. */
  revocationsChanged: 'auth.events.revocations-changed',
} as const;

export const ORDERS_PATTERNS = {
  list: 'orders.list',
  get: 'orders.get',
  create: 'orders.create',
} as const;

export const INVENTORY_PATTERNS = {
  list: 'inventory.list',
  get: 'inventory.get',
  create: 'inventory.create',
  reserve: 'inventory.reserve',
  release: 'inventory.release',
  releaseAbandoned: 'inventory.release-abandoned',
} as const;
