import { DEVELOPMENT_ORDERS_CLIENT_SECRET } from '@app/contracts';

/** The token-exchange request the orders service makes to reserve stock on a user's behalf. */
export const inventoryDelegationRequest = (userAccessToken: string) => ({
  grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
  client_id: 'orders',
  client_secret: DEVELOPMENT_ORDERS_CLIENT_SECRET,
  subject_token: userAccessToken,
  subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
  audience: 'inventory',
});
