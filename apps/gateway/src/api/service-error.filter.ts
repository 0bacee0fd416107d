import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { bearerChallenge, RETRY_AFTER_SECONDS, RpcStatusException, isRpcErrorBody } from '@app/security';

/**
 * A service's RPC error, answered with the same status: 401 (with a Bearer challenge), 403,
 * 404, 409, 400. A service that fails on its own is a 502 for the client; one that is down, 503.
 */
@Catch(RpcStatusException)
export class ServiceErrorFilter implements ExceptionFilter {
  catch(exception: RpcStatusException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = exception.getError();
    if (!isRpcErrorBody(body)) {
      response
        .status(502)
        .json({ statusCode: 502, error: 'Bad Gateway', message: 'a service answered with an unexpected error' });
      return;
    }
    const status = body.status >= 400 && body.status < 500 ? body.status : body.status === 503 ? 503 : 502;
    if (status === 401) response.setHeader('WWW-Authenticate', bearerChallenge('invalid_token', String(body.message)));
    if (status === 503) response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    response
      .status(status)
      .json({ statusCode: status, error: body.error, message: status === 502 ? 'a service failed' : body.message });
  }
}
