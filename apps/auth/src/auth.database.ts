import type { ServiceDatabase } from '@app/common';
import { Account } from './accounts/account.entity';
import { Claim } from './accounts/claim.entity';
import { Login } from './accounts/login.entity';
import { CreateAccounts1763800000000 } from './migrations/1763800000000-create-accounts';

export const authEntities = [Account, Login, Claim];

export const authDatabase: ServiceDatabase = {
  schema: 'auth',
  entities: authEntities,
  migrations: [CreateAccounts1763800000000],
};
