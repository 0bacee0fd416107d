import { Transform } from 'class-transformer';
import type { FeatureConfigSchema } from './feature-config';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off|)$/i.test(value)) return false;
  return value;
};
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

const port = (name: string) => ({ message: `${name} must be an integer TCP port from 1 to 65535` });
const seconds = (name: string) => ({ message: `${name} must be a whole number of seconds >= 1` });
const httpUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * The platform's environment variables (a feature's own live with it: see FeatureConfig). Validated once at start-up by {@link loadEnvironment};
 * the contract lists them and `.env.example` documents each.
 */
export class Environment {
  /** The declared features' settings, validated with these (see FeatureConfig). */
  #features = new Map<FeatureConfigSchema, object>();

  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be one of development, production, test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** `json` (one JSON object per line) or `pretty` (pino-pretty); unset: pretty in development on a terminal, JSON otherwise. */
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  @Transform(toInt)
  @IsInt(port('PORT'))
  @Min(1, port('PORT'))
  @Max(65535, port('PORT'))
  PORT = 3000;

  @IsOptional()
  @IsUrl(httpUrl, { message: 'PUBLIC_URL must be an absolute http(s) URL, e.g. https://app.example.com' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// connection URL',
  })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer from 1 to 100' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be an integer from 1 to 100' })
  @Max(100, { message: 'DATABASE_POOL_SIZE must be an integer from 1 to 100' })
  DATABASE_POOL_SIZE = 10;

  /** Production refuses the embedded database unless this says it is meant. */
  @Transform(toBool)
  @IsBoolean({ message: 'ALLOW_EMBEDDED_DATABASE must be true or false' })
  ALLOW_EMBEDDED_DATABASE = false;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'PGLITE_DATA_DIR must be a directory path or memory://' })
  PGLITE_DATA_DIR?: string;

  @Transform(toBool)
  @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt({ message: 'MAX_BODY_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'MAX_BODY_BYTES must be at least 1024' })
  MAX_BODY_BYTES = 65536;

  @IsOptional()
  @Transform(toList)
  @IsUrl(httpUrl, {
    each: true,
    message: 'ALLOWED_REDIRECT_URIS must be a comma-separated list of absolute http(s) URLs',
  })
  ALLOWED_REDIRECT_URIS?: string[];

  // Tokens
  @IsIn(['RS256', 'ES256', 'EdDSA'], { message: 'JWT_ALG must be one of RS256, ES256, EdDSA' })
  JWT_ALG: 'RS256' | 'ES256' | 'EdDSA' = 'RS256';

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'JWT_ISSUER must not be empty' })
  JWT_ISSUER?: string;

  // Service identity
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ORDERS_CLIENT_SECRET must be at least 16 characters' })
  ORDERS_CLIENT_SECRET?: string;

  // Split mode
  /** Signs the client address the gateway forwards to the auth app; development default outside production. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'GATEWAY_SECRET must be at least 32 characters' })
  GATEWAY_SECRET?: string;

  @IsOptional()
  @IsUrl(httpUrl, { message: 'AUTH_HTTP_URL must be an absolute http(s) URL' })
  AUTH_HTTP_URL?: string;

  @IsString()
  @MinLength(1, { message: 'TCP_BIND_HOST must be an address to listen on, e.g. 0.0.0.0' })
  TCP_BIND_HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt({ message: 'TCP_MAX_FRAME_LENGTH must be a whole number of characters' })
  @Min(1024, { message: 'TCP_MAX_FRAME_LENGTH must be at least 1024' })
  TCP_MAX_FRAME_LENGTH = 1_048_576;

  @Transform(toInt)
  @IsInt({ message: 'TCP_FRAME_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'TCP_FRAME_TIMEOUT_MS must be at least 100' })
  TCP_FRAME_TIMEOUT_MS = 10_000;

  /**
   * How often each process pulls the revocation feed. Over NATS auth also announces each revocation,
   * so the poll is only the fallback for an announcement that was missed.
   */
  @Transform(toInt)
  @IsInt({ message: 'REVOCATION_POLL_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'REVOCATION_POLL_MS must be at least 100' })
  REVOCATION_POLL_MS = 500;

  /** Split mode's RPC transport: `tcp` (one address per service) or `nats` (any number of instances per service). */
  @IsIn(['tcp', 'nats'], { message: 'TRANSPORT must be tcp or nats' })
  TRANSPORT: 'tcp' | 'nats' = 'tcp';

  @Matches(/^(nats|tls|wss?):\/\/[^\s,]+(,(nats|tls|wss?):\/\/[^\s,]+)*$/, {
    message: 'NATS_URL must be one or more comma-separated nats:// URLs',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** A declared feature's settings, as validated at start-up. */
  feature<T extends object>(schema: FeatureConfigSchema<T>): T {
    const config = this.#features.get(schema as FeatureConfigSchema);
    if (!config)
      throw new Error(
        `${schema.name} was not validated with the environment: import its module before loading the environment`,
      );
    return config as T;
  }

  /** @internal loadEnvironment's. */
  attachFeatures(features: Map<FeatureConfigSchema, object>): void {
    this.#features = features;
  }
}

/** For feature settings (FeatureConfig) written the same way. */
export const environmentParsers = { toBool, toInt, toList, httpUrl, seconds };
