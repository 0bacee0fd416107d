import { IsOptional, IsString, MinLength } from 'class-validator';
import { FeatureConfig } from '@app/common';

@FeatureConfig()
export class LoginConfig {
  /** Signs the login-state cookie; set it when several auth processes serve one site. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_COOKIE_SECRET must be at least 32 characters' })
  AUTH_COOKIE_SECRET?: string;
}
