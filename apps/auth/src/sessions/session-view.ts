import type { SessionView } from '@app/contracts';
import type { Session } from './session.entity';

/** What its owner and admins see of a session; `currentSessionId` is the caller's own. */
export const sessionView = (session: Session, currentSessionId?: string): SessionView => ({
  id: session.id,
  provider: session.provider,
  createdAt: session.createdAt.toISOString(),
  lastUsedAt: session.lastUsedAt.toISOString(),
  expiresAt: (session.idleExpiresAt < session.expiresAt ? session.idleExpiresAt : session.expiresAt).toISOString(),
  ip: session.ip,
  userAgent: session.userAgent,
  current: session.id === currentSessionId,
});
