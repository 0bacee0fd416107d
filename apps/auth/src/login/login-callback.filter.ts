import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { loginStateOf } from './login-state.guard';
import {
  AccountExistsError,
  AlreadyLinkedError,
  LoginCancelledError,
  MissingCodeError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from './provider-errors';

/** Sends the browser back to the SPA that started the login, with these query parameters. */
export function backToSpa(response: Response, redirectUri: string, parameters: Record<string, string>): void {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) target.searchParams.set(name, value);
  response.redirect(302, target.toString());
}

/**
 * A provider callback that fails after its login state was verified sends the browser back to the
 * SPA with an OAuth error (`access_denied`, `temporarily_unavailable`, `invalid_request`,
 * `server_error`, and for links `account_exists`, `already_linked`), never a code; before that (a bad state), the error is answered as it is.
 */
@Catch()
export class LoginCallbackFilter implements ExceptionFilter {
  private readonly logger = new Logger('LoginCallback');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const login = loginStateOf(request);
    if (!login) {
      const status = error instanceof HttpException ? error.getStatus() : 500;
      response
        .status(status)
        .json(error instanceof HttpException ? error.getResponse() : { statusCode: 500, message: 'internal error' });
      return;
    }
    backToSpa(response, login.redirectUri, this.oauthError(error));
  }

  private oauthError(error: unknown): Record<string, string> {
    if (error instanceof AccountExistsError) return { error: 'account_exists', error_description: error.message };
    if (error instanceof AlreadyLinkedError) return { error: 'already_linked', error_description: error.message };
    if (error instanceof LoginCancelledError) return { error: 'access_denied', error_description: error.message };
    if (error instanceof ForbiddenException)
      return { error: 'access_denied', error_description: 'this account is suspended' };
    // A link whose account was deleted (its data, with its only login) while the person was away.
    if (error instanceof NotFoundException) return { error: 'access_denied', error_description: error.message };
    if (error instanceof ProviderRejectedError) return { error: 'access_denied', error_description: error.message };
    if (error instanceof ProviderUnavailableError)
      return { error: 'temporarily_unavailable', error_description: error.message };
    if (error instanceof MissingCodeError) return { error: 'invalid_request', error_description: error.message };
    this.logger.error(`login failed: ${(error as Error)?.message}`);
    return { error: 'server_error', error_description: 'the login could not be completed' };
  }
}
