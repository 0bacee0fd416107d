import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { clientContextOf } from '../audit/client-context';
import { LoginService } from '../login/login.service';
import { LoginCancelledError, MissingCodeError } from '../login/provider-errors';
import { FacebookRejectedError, FacebookUnavailableError } from './facebook-errors';
import { FACEBOOK } from './facebook-login.provider';
import { FACEBOOK_STRATEGY } from './facebook.strategy';
import { FacebookConfig } from './facebook.config';

/**
 * The redirect flow's callback (after LoginStateGuard): passport-facebook exchanges the code and
 * reads the profile, within FACEBOOK_TIMEOUT_MS per call. The person's refusal, a missing code and
 * Facebook's own errors become the login errors LoginCallbackFilter turns into `?error=`; every
 * failure is audited as `login_failed`, as the SDK flow's are.
 */
@Injectable()
export class FacebookAuthGuard extends AuthGuard(FACEBOOK_STRATEGY) {
  constructor(
    private readonly config: FacebookConfig,
    private readonly logins: LoginService,
  ) {
    super();
  }

  override getAuthenticateOptions(): { session: false } {
    return { session: false };
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (typeof request.query.error === 'string')
      throw new LoginCancelledError('the Facebook login was cancelled or refused');
    // Without a code passport would start a new login instead: it is the provider's answer that is missing.
    if (typeof request.query.code !== 'string' || !request.query.code)
      throw new MissingCodeError('Facebook returned no code');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      // The exchange is two calls (the code, then the profile).
      timer = setTimeout(
        () => reject(new FacebookUnavailableError('Facebook timed out')),
        this.config.FACEBOOK_TIMEOUT_MS * 2,
      );
    });
    try {
      return (await Promise.race([super.canActivate(context), timedOut])) as boolean;
    } catch (error) {
      await this.logins.recordFailure(FACEBOOK, error, clientContextOf(request));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  override handleRequest<User>(error: Error | null, user: User | false): User {
    if (error) {
      // passport-facebook turns Facebook's own error body (400, OAuthException) into a FacebookTokenError.
      const status = (error as { oauthError?: { statusCode?: number } }).oauthError?.statusCode;
      const refused = error.name === 'FacebookTokenError' || (status !== undefined && status < 500);
      throw refused
        ? new FacebookRejectedError('Facebook refused the code')
        : new FacebookUnavailableError('Facebook could not exchange the code');
    }
    if (!user) throw new FacebookRejectedError('Facebook refused the code');
    return user;
  }
}
