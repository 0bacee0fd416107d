import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';

/** The role names the platform itself gives meaning to. */
export const ROLES = {
  /** Every account has it; access tokens carry it for any signed-in user. */
  user: 'user',
  /** Account administration, the product catalogue, any order. */
  admin: 'admin',
  /** Marks service tokens (client_credentials); no person may hold it. */
  service: 'service',
} as const;

/** The scopes the platform itself gives meaning to. */
export const SCOPES = {
  /** Reserve and release stock at inventory: only in a token orders exchanged on a user's behalf. */
  inventoryReserve: 'inventory:reserve',
  /**
   * Release a reservation no order was recorded for (inventory.release-abandoned): in orders' own
   * service token, for the sweeper that cleans up after an orders process died mid-order.
   */
  inventoryRelease: 'inventory:release',
  /** Read a user's long-lived Facebook token (auth.facebook.token), for a service calling Graph. */
  facebookToken: 'facebook:token',
} as const;

/**
 * The one rule for a list of roles given to an account: at most 20 lower-case names, never
 * `service`. Used by the gateway's request body and auth's message alike.
 */
export const AccountRoleNames = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(20),
    Matches(/^[a-z][a-z0-9:_-]{0,39}$/, { each: true, message: 'each role must be a lower-case name' }),
    Matches(new RegExp(`^(?!${ROLES.service}$)`), {
      each: true,
      message: `the ${ROLES.service} role cannot be granted to an account`,
    }),
  );
