import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { Environment, ApiErrors } from '@app/common';
import { FacebookConfig } from './facebook.config';
import { Public, ServiceAudience } from '@app/security';
import { Client, type ClientContext } from '../audit/client-context';
import { Clock } from '../clock/clock';
import { FacebookAccountService } from './facebook-account.service';
import { SignedRequestBody } from './facebook-login.dto';
import { FacebookSettings } from './facebook-settings';
import { InvalidSignedRequestError, parseSignedRequest, type SignedRequestPayload } from './signed-request';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';

/** The callbacks Facebook itself calls, authenticated by `signed_request`. */
@ApiTags('auth: facebook')
@Controller('auth/facebook')
@ServiceAudience('auth')
@Public()
export class FacebookCallbacksController {
  constructor(
    private readonly env: Environment,
    private readonly config: FacebookConfig,
    private readonly settings: FacebookSettings,
    private readonly accounts: FacebookAccountService,
    private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Facebook’s deauthorize callback (form signed_request): every session of that user ends' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiErrors(400)
  @Post('deauthorize')
  @HttpCode(200)
  async deauthorize(@Body() body: SignedRequestBody, @Client() client: ClientContext): Promise<{ success: true }> {
    await this.accounts.deauthorize(this.verified(body).user_id, client);
    return { success: true };
  }

  @ApiOperation({
    summary: 'Facebook’s data-deletion callback: deletes the Facebook login and data; answers {url, confirmation_code}',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiErrors(400)
  @Post('data-deletion')
  @HttpCode(200)
  async dataDeletion(
    @Body() body: SignedRequestBody,
    @Client() client: ClientContext,
  ): Promise<{ url: string; confirmation_code: string }> {
    const request = await this.accounts.deleteData(this.verified(body).user_id, client);
    return {
      url: `${this.env.PUBLIC_URL}/auth/facebook/data-deletion/${request.confirmationCode}`,
      confirmation_code: request.confirmationCode,
    };
  }

  /** Where Facebook (and the user) can check on a deletion request. */
  @ApiOperation({ summary: 'The status of a data-deletion request' })
  @ApiErrors(404)
  @Get('data-deletion/:code')
  async deletionStatus(@Param('code') code: string) {
    const request = /^[A-Za-z0-9_-]{1,64}$/.test(code) ? await this.accounts.status(code) : null;
    if (!request) throw new NotFoundException('no such deletion request');
    return {
      confirmation_code: request.confirmationCode,
      status: request.status,
      completed_at: request.completedAt?.toISOString() ?? null,
    };
  }

  private verified(body: SignedRequestBody): SignedRequestPayload {
    try {
      return parseSignedRequest(body.signed_request, this.settings.appSecret, {
        now: Math.floor(this.clock.now().getTime() / 1000),
        maxAgeSeconds: this.config.FACEBOOK_SIGNED_REQUEST_MAX_AGE,
      });
    } catch (error) {
      if (error instanceof InvalidSignedRequestError) throw new BadRequestException(error.message);
      throw error;
    }
  }
}
