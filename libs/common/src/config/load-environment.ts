import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Environment } from './environment';
import { declaredFeatureConfigs, type FeatureConfigSchema } from './feature-config';

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
    apps: ['monolith', 'auth', 'orders', 'inventory'],
    unmet: (env) => !env.DATABASE_URL && !env.ALLOW_EMBEDDED_DATABASE,
    message:
      'DATABASE_URL is required when NODE_ENV=production (the embedded database lives in one process and its directory); set ALLOW_EMBEDDED_DATABASE=true to use it anyway',
  },
  {
    apps: ['monolith', 'auth', 'gateway'],
    unmet: (env) => !env.ALLOWED_REDIRECT_URIS?.length,
    message:
      'ALLOWED_REDIRECT_URIS is required when NODE_ENV=production: the SPA URLs a login may return to (without one every login is refused)',
  },
  {
    apps: ['monolith', 'orders'],
    unmet: (env) => !env.ORDERS_CLIENT_SECRET,
    message: 'ORDERS_CLIENT_SECRET is required when NODE_ENV=production: orders authenticates with it to reserve stock',
  },
  {
    apps: ['auth', 'gateway'],
    unmet: (env) => !env.GATEWAY_SECRET,
    message:
      'GATEWAY_SECRET is required when NODE_ENV=production in split mode: the gateway signs with it the client address it forwards to auth',
  },
];

/** Every variable this process reads: the platform's and those of the features loaded so far. */
export const knownVariables = (): string[] =>
  [Environment, ...declaredFeatureConfigs()].flatMap((schema) => Object.keys(new schema()));

/**
 * Validates and types the raw environment for `app` (every requirement when not named). Values are
 * never echoed back: several are secrets. Empty strings count as unset so that a copied
 * `.env.example` works as-is. Every problem is reported at once, one line each.
 */
export function loadEnvironment(raw: Record<string, string | undefined>, app?: PlatformApp): Environment {
  // useDefineForClassFields makes every declared field, optional ones included, an own key.
  const valuesFor = (schema: new () => object) => {
    const present: Record<string, string> = {};
    for (const key of Object.keys(new schema())) {
      const value = raw[key];
      if (value !== undefined && value.trim() !== '') present[key] = value.trim();
    }
    return present;
  };
  const env = plainToInstance(Environment, valuesFor(Environment), { exposeDefaultValues: true });
  const problems = firstMessages(validateSync(env, { skipMissingProperties: false }));
  const features = new Map<FeatureConfigSchema, object>();
  for (const schema of declaredFeatureConfigs()) {
    const config = plainToInstance(schema, valuesFor(schema), { exposeDefaultValues: true });
    problems.push(...firstMessages(validateSync(config, { skipMissingProperties: false })));
    features.set(schema, config);
  }
  env.PUBLIC_URL = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  env.JWT_ISSUER ??= env.PUBLIC_URL;
  // Outside production: the demo and the admin console.
  env.ALLOWED_REDIRECT_URIS ??= env.NODE_ENV === 'production' ? [] : [`${env.PUBLIC_URL}/`, `${env.PUBLIC_URL}/admin`];
  if (env.NODE_ENV !== 'production') env.GATEWAY_SECRET ??= DEVELOPMENT_GATEWAY_SECRET;
  if (env.NODE_ENV === 'production') {
    for (const requirement of PRODUCTION_REQUIREMENTS) {
      if ((!app || requirement.apps.includes(app)) && requirement.unmet(env)) problems.push(requirement.message);
    }
  }
  for (const [schema, config] of features) problems.push(...(schema.check?.(config, env) ?? []));
  if (problems.length)
    throw new ConfigurationError(problems.map((problem) => `Invalid configuration: ${problem}`).join('\n'));
  env.attachFeatures(features);
  return env;
}
