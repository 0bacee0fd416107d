import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { LocalAccessTokenVerifier } from './local-access-token-verifier';
import { SigningKeyService } from './signing-key.service';
import { featureConfigProvider } from '@app/common';
import { AccessTokensConfig } from '../shared/access-tokens.config';

/** The signing keys (JWT_KEYS_DIR), the JWKS made of them, and verification of our own tokens with them. */
@Module({
  imports: [ClockModule],
  providers: [SigningKeyService, LocalAccessTokenVerifier, featureConfigProvider(AccessTokensConfig)],
  exports: [SigningKeyService, LocalAccessTokenVerifier, AccessTokensConfig],
})
export class KeysModule {}
