/** What a login provider vouches for once it has verified a user. */
export interface ProviderIdentity {
  /** e.g. `facebook`. Logins are keyed by provider and provider user id, never by email. */
  provider: string;
  providerUserId: string;
  name: string;
  email?: string | null;
  /** Whether the provider vouches for the e-mail address (recorded in the audit log; never used to match accounts). */
  emailVerified?: boolean;
  /** Roles this provider's configuration grants (e.g. ADMIN_FACEBOOK_IDS → `admin`). */
  grantedRoles?: string[];
  /** The provider's long-lived token, stored only as a hash (and optionally encrypted). */
  providerToken?: { hash: string; expiresAt: Date | null; ciphertext?: string | null };
}

/**
 * A way to sign in. The Facebook strategy implements it; tests implement it inside their own
 * testing module only, so no production module offers a way in without a real provider.
 */
export interface LoginProvider<Input> {
  readonly name: string;
  /** Verifies the input with the provider; throws when it does not hold. */
  authenticate(input: Input): Promise<ProviderIdentity>;
}
