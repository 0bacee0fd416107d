import { type ArgumentsHost, Catch, HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { throwError } from 'rxjs';
import { isDatabaseUnavailable } from '@app/common';
import { KeysUnavailableError } from './keys-unavailable.error';
import { isRpcErrorBody, type RpcErrorBody } from './rpc-status.exception';

const DATABASE_UNAVAILABLE = 'the database is unavailable; try again shortly';
/** What a 503 tells the client to wait before retrying (here and at the gateway). */
export const RETRY_AFTER_SECONDS = '5';

/**
 * A database that cannot be reached, or an auth app that cannot be asked for a token's key, is a
 * 503 with Retry-After (RPC: status 503), never a 500 or a 401.
 * HTTP errors keep Nest's JSON shape. Over RPC every error becomes `{status, error, message}` so
 * the caller (the gateway) can answer the same status; unexpected errors are logged, not leaked.
 */
@Catch()
export class PlatformExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  override catch(exception: unknown, host: ArgumentsHost) {
    const unavailable = isDatabaseUnavailable(exception)
      ? DATABASE_UNAVAILABLE
      : exception instanceof KeysUnavailableError
        ? exception.message
        : undefined;
    if (unavailable) {
      this.logger.warn(`unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      if (host.getType() === 'rpc')
        return throwError(
          () => ({ status: 503, error: 'service_unavailable', message: unavailable }) satisfies RpcErrorBody,
        );
      host
        .switchToHttp()
        .getResponse<{ setHeader: (name: string, value: string) => void }>()
        .setHeader('Retry-After', RETRY_AFTER_SECONDS);
      return super.catch(new ServiceUnavailableException(unavailable), host);
    }
    if (host.getType() !== 'rpc') return super.catch(exception, host);
    return throwError(() => this.rpcBodyOf(exception));
  }

  private rpcBodyOf(exception: unknown): RpcErrorBody {
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isRpcErrorBody(error)) return error;
      return { status: 400, error: 'bad_request', message: typeof error === 'string' ? error : 'bad request' };
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const oauth = response as { error?: unknown; error_description?: unknown };
      // OAuth errors keep their code (invalid_client, invalid_grant, invalid_target…) over RPC.
      if (typeof oauth?.error === 'string' && typeof oauth.error_description === 'string') {
        return { status: exception.getStatus(), error: oauth.error, message: oauth.error_description };
      }
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? (response as { message: string | string[] }).message
          : exception.message;
      return { status: exception.getStatus(), error: exception.name.replace(/Exception$/, ''), message };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return { status: 500, error: 'internal_error', message: 'internal error' };
  }
}
