import type { ServiceDatabase } from '@app/common';
import { Account } from './accounts/account.entity';
import { BannedIdentity } from './accounts/banned-identity.entity';
import { Claim } from './accounts/claim.entity';
import { Login } from './accounts/login.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { DataDeletionRequest } from './facebook/data-deletion-request.entity';
import { LoginCode } from './login/login-code.entity';
import { CreateAccounts1763800000000 } from './migrations/1763800000000-create-accounts';
import { CreateSessions1763800000300 } from './migrations/1763800000300-create-sessions';
import { RefreshRetryMarker1763800000500 } from './migrations/1763800000500-refresh-retry-marker';
import { CreateLoginCodes1763800000400 } from './migrations/1763800000400-create-login-codes';
import { RefreshReuseInterval1763800000600 } from './migrations/1763800000600-refresh-reuse-interval';
import { AccountTokensNotBefore1763800000700 } from './migrations/1763800000700-account-tokens-not-before';
import { BannedIdentities1763800000800 } from './migrations/1763800000800-banned-identities';
import { RateLimits1763800000900 } from './migrations/1763800000900-rate-limits';
import { BrowserSessions1763801000000 } from './migrations/1763801000000-browser-sessions';
import { LinkTickets1763802000000 } from './migrations/1763802000000-link-tickets';
import { AdminLookups1763803000000 } from './migrations/1763803000000-admin-lookups';
import { RevocationNotify1763804000000 } from './migrations/1763804000000-revocation-notify';
import { UnloggedRateLimits1763806000000 } from './migrations/1763806000000-unlogged-rate-limits';
import { LinkTicket } from './linking/link-ticket.entity';
import { Revocation } from './revocations/revocation.entity';
import { RefreshToken } from './sessions/refresh-token.entity';
import { Session } from './sessions/session.entity';

export const authEntities = [
  Account,
  BannedIdentity,
  Login,
  Claim,
  Session,
  RefreshToken,
  Revocation,
  AuditEvent,
  LoginCode,
  LinkTicket,
  DataDeletionRequest,
];

export const authDatabase: ServiceDatabase = {
  schema: 'auth',
  entities: authEntities,
  migrations: [
    CreateAccounts1763800000000,
    CreateSessions1763800000300,
    CreateLoginCodes1763800000400,
    RefreshRetryMarker1763800000500,
    RefreshReuseInterval1763800000600,
    AccountTokensNotBefore1763800000700,
    BannedIdentities1763800000800,
    RateLimits1763800000900,
    BrowserSessions1763801000000,
    LinkTickets1763802000000,
    AdminLookups1763803000000,
    RevocationNotify1763804000000,
    UnloggedRateLimits1763806000000,
  ],
};
