import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom, timeout } from 'rxjs';
import type { Caller } from './caller-context';
import { outgoingMessage } from './identity-forwarding';
import { isRpcErrorBody, RpcStatusException } from './rpc-status.exception';

const DEFAULT_TIMEOUT_MS = 5000;

export interface RpcOptions {
  /** Whose token the message carries, in its metadata; none when left out. */
  as?: Pick<Caller, 'token'>;
  timeoutMs?: number;
}

/**
 * One request/response over RPC. A service's error comes back as the same RpcStatusException
 * (status kept); an unreachable or silent service becomes 503, never a hang.
 */
export async function sendRpc<T>(
  client: ClientProxy,
  pattern: string,
  data: unknown,
  { as, timeoutMs = DEFAULT_TIMEOUT_MS }: RpcOptions = {},
): Promise<T> {
  const message = outgoingMessage(client, data, as);
  try {
    return await lastValueFrom(client.send<T>(pattern, message).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRpcErrorBody(error)) throw new RpcStatusException(error.status, error.error, error.message);
    const reason = (error as Error)?.name === 'TimeoutError' ? 'did not answer in time' : 'is unreachable';
    throw new RpcStatusException(503, 'service_unavailable', `${pattern.split('.')[0]} ${reason}`);
  }
}
