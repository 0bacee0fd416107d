import { sha256Hex } from '../shared/token-hash';

/** Names a provider identity without personal data: SHA-256 of `provider:providerUserId`. */
export const identityHash = (provider: string, providerUserId: string): string =>
  sha256Hex(`${provider}:${providerUserId}`);
