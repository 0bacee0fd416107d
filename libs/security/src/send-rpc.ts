import type { ClientProxy } from '@nestjs/microservices';
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
 *
 * The deadline is a plain timer rather than RxJS's `lastValueFrom(… .pipe(timeout()))`, which adds a
 * chain of subscribers and schedules each deadline as an interval on RxJS's async scheduler: with
 * the RPC handler observer no longer wrapping values in observables, the monolith's reads gained
 * 2.6 % (A/B, docs/performance.md). `send-rpc.spec.ts` holds it to the operator's behaviour.
 */
export function sendRpc<T>(
  client: ClientProxy,
  pattern: string,
  data: unknown,
  { as, timeoutMs = DEFAULT_TIMEOUT_MS }: RpcOptions = {},
): Promise<T> {
  const unavailable = (reason: string) =>
    new RpcStatusException(503, 'service_unavailable', `${pattern.split('.')[0]} ${reason}`);
  return new Promise<T>((resolve, reject) => {
    // Inside the executor: a message that cannot carry its caller rejects, as the call always has.
    const message = outgoingMessage(client, data, as);
    let answer: { value: T } | undefined;
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(unavailable('did not answer in time'));
    }, timeoutMs);
    const subscription = client.send<T>(pattern, message).subscribe({
      next: (value) => (answer = { value }),
      error: (error: unknown) => {
        clearTimeout(timer);
        reject(
          isRpcErrorBody(error)
            ? new RpcStatusException(error.status, error.error, error.message)
            : unavailable('is unreachable'),
        );
      },
      complete: () => {
        clearTimeout(timer);
        if (answer) resolve(answer.value);
        else reject(unavailable('is unreachable'));
      },
    });
  });
}
