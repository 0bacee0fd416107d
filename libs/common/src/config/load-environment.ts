import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Environment } from './environment';

/** Development only: what GATEWAY_SECRET defaults to outside production, so split processes agree with no set-up. */
export const DEVELOPMENT_GATEWAY_SECRET = 'development-gateway-secret-not-for-production';

/** Thrown when the environment is unusable; its message is one line naming the variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const firstMessages = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) =>
    error.constraints ? [Object.values(error.constraints)[0]] : firstMessages(error.children ?? []),
  );

/** The processes the platform runs as; each needs only part of the configuration in production. */
export type PlatformApp = 'monolith' | 'auth' | 'gateway' | 'orders' | 'inventory';

interface ProductionRequirement {
  apps: PlatformApp[];
  unmet: (env: Environment) => boolean;
  message: string;
}

/**
 * What production cannot work without (each app checks what it uses): the development fallbacks
 * (emulator, embedded database, development secrets, a default redirect URI) are refused there.
 */
const PRODUCTION_REQUIREMENTS: ProductionRequirement[] = [
  {
    apps: ['monolith', 'auth'],
    unmet: (env) => !env.FACEBOOK_APP_ID,
    message: 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required when NODE_ENV=production (the Facebook emulator is for development only)',
  },
  {
    apps: ['monolith', 'auth', 'orders', 'inventory'],
    unmet: (env) => !env.DATABASE_URL && !env.ALLOW_EMBEDDED_DATABASE,
    message:
      'DATABASE_URL is required when NODE_ENV=production (the embedded database lives in one process and its directory); set ALLOW_EMBEDDED_DATABASE=true to use it anyway',
  },
  {
    apps: ['monolith', 'auth', 'gateway'],
    unmet: (env) => !env.ALLOWED_REDIRECT_URIS?.length,
    message: 'ALLOWED_REDIRECT_URIS is required when NODE_ENV=production: the SPA URLs a login may return to (without one every login is refused)',
  },
  {
    apps: ['monolith', 'auth'],
    unmet: (env) => !env.SERVICE_CLIENTS,
    message: 'SERVICE_CLIENTS is required when NODE_ENV=production: the service clients auth accepts (see .env.example; orders needs one to reserve stock)',
  },
  {
    apps: ['monolith', 'orders'],
    unmet: (env) => !env.ORDERS_CLIENT_SECRET,
    message: 'ORDERS_CLIENT_SECRET is required when NODE_ENV=production: orders authenticates with it to reserve stock',
  },
  {
    apps: ['auth', 'gateway'],
    unmet: (env) => !env.GATEWAY_SECRET,
    message: 'GATEWAY_SECRET is required when NODE_ENV=production in split mode: the gateway signs with it the client address it forwards to auth',
  },
];

/**
 * Validates and types the raw environment for `app` (every requirement when not named). Values are
 * never echoed back: several are secrets. Empty strings count as unset so that a copied
 * `.env.example` works as-is. Every problem is reported at once, one line each.
 */
export function loadEnvironment(raw: Record<string, string | undefined>, app?: PlatformApp): Environment {
  // useDefineForClassFields makes every declared field, optional ones included, an own key.
  const known = Object.keys(new Environment());
  const present: Record<string, string> = {};
  for (const key of known) {
    const value = raw[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const problems = firstMessages(validateSync(env, { skipMissingProperties: false }));
  env.PUBLIC_URL = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  env.JWT_ISSUER ??= env.PUBLIC_URL;
  env.AUTH_HTTP_URL = (env.AUTH_HTTP_URL ?? `http://127.0.0.1:${env.AUTH_HTTP_PORT}`).replace(/\/+$/, '');
  env.ALLOWED_REDIRECT_URIS ??= env.NODE_ENV === 'production' ? [] : [`${env.PUBLIC_URL}/`];
  if (env.NODE_ENV !== 'production') env.GATEWAY_SECRET ??= DEVELOPMENT_GATEWAY_SECRET;
  if (env.FACEBOOK_APP_ID && !env.FACEBOOK_APP_SECRET) problems.push('FACEBOOK_APP_SECRET is required when FACEBOOK_APP_ID is set');
  if (env.NODE_ENV === 'production') {
    for (const requirement of PRODUCTION_REQUIREMENTS) {
      if ((!app || requirement.apps.includes(app)) && requirement.unmet(env)) problems.push(requirement.message);
    }
  }
  if (problems.length) throw new ConfigurationError(problems.map((problem) => `Invalid configuration: ${problem}`).join('\n'));
  return env;
}
