import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthDirectory } from './auth-directory';
import { RpcAuthDirectory } from './rpc-auth-directory';
import { PlatformExceptionFilter } from './platform-exception.filter';
import { SECURITY_OPTIONS, type SecurityOptions } from './security-options';
import { TokenVerificationService } from './token-verification.service';

/**
 * One import per app: token verification against the auth app's JWKS and revocation feed, and
 * the global default-deny guard. `directory` says how this process reaches the auth app.
 */
@Module({})
export class SecurityModule {
  static forRoot(
    options: SecurityOptions & { directory: Provider<AuthDirectory>; imports?: DynamicModule['imports'] },
  ): DynamicModule {
    const { directory, imports, ...securityOptions } = options;
    return {
      module: SecurityModule,
      global: true,
      imports: imports ?? [],
      providers: [
        { provide: SECURITY_OPTIONS, useValue: securityOptions },
        directory,
        TokenVerificationService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
      ],
      exports: [TokenVerificationService, AuthDirectory, SECURITY_OPTIONS],
    };
  }
}

/** Split mode: a service process that reaches auth over RPC (TCP or NATS, where it also hears auth's announcements). */
export function remoteSecurity(defaultAudience: string): DynamicModule {
  return SecurityModule.forRoot({
    defaultAudience,
    revocationAnnouncements: true,
    directory: { provide: AuthDirectory, useClass: RpcAuthDirectory },
  });
}
