import { IsOptional, IsString, MinLength } from 'class-validator';
import { type Environment, FeatureConfig } from '@app/common';

@FeatureConfig()
export class ClientsConfig {
  /** JSON: [{"id","secret_sha256","audiences":[],"scopes":[]}]; development default: the orders client. */
  @IsOptional()
  @IsString()
  @MinLength(2, { message: 'SERVICE_CLIENTS must be a JSON array of service clients' })
  SERVICE_CLIENTS?: string;

  static check(config: ClientsConfig, env: Environment): string[] {
    if (env.NODE_ENV !== 'production' || config.SERVICE_CLIENTS) return [];
    return [
      'SERVICE_CLIENTS is required when NODE_ENV=production: the service clients auth accepts (see .env.example; orders needs one to reserve stock)',
    ];
  }
}
