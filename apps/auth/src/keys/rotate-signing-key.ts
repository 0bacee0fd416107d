import 'reflect-metadata';
import { environmentOrExit } from '@app/common';
import { AccessTokensConfig } from '../shared/access-tokens.config';
import { SigningKeyStore } from './signing-key-store';
import { KEY_ACTIVATION_SECONDS } from './signing-key.service';

/**
 * `npm run keys:rotate`: a new key is published at once and signs a few seconds later (every running
 * auth instance publishes it by then); retired keys stay in the JWKS until every
 * token they signed has expired. Running auth processes pick the change up within seconds.
 */
async function main(): Promise<void> {
  const env = environmentOrExit('auth');
  const { JWT_KEYS_DIR: dir, ACCESS_TOKEN_TTL } = env.feature(AccessTokensConfig);
  const store = new SigningKeyStore(dir);
  const now = new Date();
  await store.prune(now, ACCESS_TOKEN_TTL + 60);
  const keys = await store.rotate(env.JWT_ALG, now);
  const active = keys.at(-1)!;
  process.stdout.write(
    `new ${active.alg} signing key ${active.kid} in ${dir} (published at once, signing in ${KEY_ACTIVATION_SECONDS} s); ${keys.length - 1} retired key(s) still published\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`key rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
