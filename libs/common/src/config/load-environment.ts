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

/**
 * Validates and types the raw environment. Values are never echoed back: several are secrets.
 * Empty strings count as unset so that a copied `.env.example` works as-is.
 */
export function loadEnvironment(raw: Record<string, string | undefined>): Environment {
  // useDefineForClassFields makes every declared field, optional ones included, an own key.
  const known = Object.keys(new Environment());
  const present: Record<string, string> = {};
  for (const key of known) {
    const value = raw[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigurationError(`Invalid configuration: ${firstMessages(errors).join('; ')}`);
  }
  env.PUBLIC_URL = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  env.JWT_ISSUER ??= env.PUBLIC_URL;
  env.AUTH_HTTP_URL = (env.AUTH_HTTP_URL ?? `http://127.0.0.1:${env.AUTH_HTTP_PORT}`).replace(/\/+$/, '');
  env.ALLOWED_REDIRECT_URIS ??= env.NODE_ENV === 'production' ? [] : [`${env.PUBLIC_URL}/`];
  if (env.NODE_ENV !== 'production') env.GATEWAY_SECRET ??= DEVELOPMENT_GATEWAY_SECRET;
  if (env.FACEBOOK_APP_ID && !env.FACEBOOK_APP_SECRET) {
    throw new ConfigurationError('Invalid configuration: FACEBOOK_APP_SECRET is required when FACEBOOK_APP_ID is set');
  }
  if (!env.FACEBOOK_APP_ID && env.NODE_ENV === 'production') {
    throw new ConfigurationError(
      'Invalid configuration: FACEBOOK_APP_ID and FACEBOOK_APP_SECRET are required when NODE_ENV=production (the Facebook emulator is for development only)',
    );
  }
  return env;
}
