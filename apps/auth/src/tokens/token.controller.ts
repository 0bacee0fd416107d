import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/common';
import { ServiceAudience } from '@app/security';
import { CredentialRateLimitGuard } from '../rate-limit/credential-rate-limit.guard';
import { Client, type ClientContext } from '../audit/client-context';
import { OAuthException } from './oauth.exception';
import { TokenGrantRegistry } from './token-grant-registry';
import { tokenParametersOf } from './token-parameters';
import type { TokenResponse } from './token-response';

@ServiceAudience('auth')
@Controller('auth')
@UseGuards(CredentialRateLimitGuard)
export class TokenController {
  constructor(private readonly grants: TokenGrantRegistry) {}

  /** RFC 6749 token endpoint; JSON or form body; every answer `Cache-Control: no-store`. */
  @Post('token')
  @Public()
  @HttpCode(200)
  async token(
    @Body() body: unknown,
    @Client() client: ClientContext,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenResponse> {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    const parameters = tokenParametersOf(body);
    if (!parameters.grant_type) throw new OAuthException('invalid_request', 'grant_type is required');
    return this.grants.grantFor(parameters.grant_type).handle(parameters, client, authorization);
  }
}
