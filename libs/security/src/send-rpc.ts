import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';
import { isRpcErrorBody, RpcStatusException } from './rpc-status.exception';

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * One request/response over RPC. A service's error comes back as the same RpcStatusException
 * (status kept); an unreachable or silent service becomes 503, never a hang.
 */
export async function sendRpc<T>(client: ClientProxy, pattern: string, data: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  try {
    return await lastValueFrom(client.send<T>(pattern, data).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRpcErrorBody(error)) throw new RpcStatusException(error.status, error.error, error.message);
    const reason = (error as Error)?.name === 'TimeoutError' ? 'did not answer in time' : 'is unreachable';
    throw new RpcStatusException(503, 'service_unavailable', `${pattern.split('.')[0]} ${reason}`);
  }
}
