// The auth app's public surface, for the composition root (apps/monolith) and the end-to-end tests:
// they import from here, never from a file inside, so the app's files can move freely.
export { AuthAppModule } from './auth-app.module';
export { AuthModule } from './auth.module';
export { authDatabase } from './auth.database';
export { Clock } from './clock/clock';
export { AccountService } from './accounts/account.service';
export { Login } from './accounts/login.entity';
export { AuditEvent } from './audit/audit-event.entity';
export { Client, type ClientContext } from './audit/client-context';
export { FacebookTokenCipher } from './facebook/facebook-token-cipher';
export { signRequest } from './facebook/signed-request';
export { KEY_ACTIVATION_SECONDS, SigningKeyService } from './keys/signing-key.service';
export type { LoginProvider, ProviderIdentity } from './login/login-provider';
export { LoginService } from './login/login.service';
export { AUTH_SHARED_SECRETS, emulatorsNeedOneProcess, loginProviders } from './login-providers';
export { BanService } from './moderation/ban.service';
export { RevocationService } from './revocations/revocation.service';
export { SessionCleanupJob } from './sessions/session-cleanup.job';
export { sha256Hex } from './shared/token-hash';
export { AccessTokensConfig } from './shared/access-tokens.config';
export { SessionsConfig } from './sessions/sessions.config';
export { AccessTokenService } from './tokens/access-token.service';
export { inProcessSecurity } from './auth-security.module';
