import type { DynamicModule } from '@nestjs/common';
import { AuthDirectory, SecurityModule } from '@app/security';
import { AuthModule } from './auth.module';
import { LocalAuthDirectory } from './rpc/local-auth-directory';

/** The security library for a process that hosts the auth module: keys and revocations in-process. */
export function inProcessSecurity(defaultAudience: string): DynamicModule {
  return SecurityModule.forRoot({
    defaultAudience,
    imports: [AuthModule],
    directory: { provide: AuthDirectory, useExisting: LocalAuthDirectory },
  });
}
