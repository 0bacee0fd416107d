import type { ClientContext } from '../audit/client-context';
import type { TokenResponse } from './token-response';

/** The parameters of a token request: string values only, each given once. */
export type TokenParameters = Readonly<Record<string, string>>;

/** One `grant_type` of POST /auth/token. Grants register themselves with the TokenGrantRegistry. */
export interface TokenGrant {
  readonly grantType: string;
  handle(parameters: TokenParameters, client: ClientContext, authorization: string | undefined): Promise<TokenResponse>;
}
