import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { ClientProxy } from '@nestjs/microservices';
import { EMPTY, NEVER, Observable, of, throwError } from 'rxjs';
import { RpcStatusException } from './rpc-status.exception';
import { sendRpc } from './send-rpc';

/** The RPC error body `call` was refused with. */
const refusalOf = (call: Promise<unknown>) =>
  call.then(
    () => Promise.reject(new Error('answered')),
    (error: unknown) => (error instanceof RpcStatusException ? error.getError() : Promise.reject(error)),
  );

/** A client whose service answers every message with `answer$`. */
const clientAnswering = (answer$: Observable<unknown>) => ({ send: () => answer$ }) as unknown as ClientProxy;

describe('sendRpc', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('resolves the service’s answer and leaves no timer behind', async () => {
    jest.useFakeTimers();
    await expect(sendRpc(clientAnswering(of({ orders: [1] })), 'orders.list', {})).resolves.toEqual({ orders: [1] });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('turns the service’s error body into the same RpcStatusException, status kept', async () => {
    const refusal = sendRpc(
      clientAnswering(throwError(() => ({ status: 404, error: 'not_found', message: 'order not found' }))),
      'orders.get',
      {},
    );
    await expect(refusalOf(refusal)).resolves.toEqual({ status: 404, error: 'not_found', message: 'order not found' });
  });

  it('answers 503 for a service that cannot be reached or ends without an answer', async () => {
    const unreachable = { status: 503, error: 'service_unavailable', message: 'inventory is unreachable' };
    await expect(
      refusalOf(sendRpc(clientAnswering(throwError(() => new Error('ECONNREFUSED'))), 'inventory.reserve', {})),
    ).resolves.toEqual(unreachable);
    await expect(refusalOf(sendRpc(clientAnswering(EMPTY), 'inventory.reserve', {}))).resolves.toEqual(unreachable);
  });

  it('answers 503 once the deadline passes in silence, and stops listening for the answer', async () => {
    jest.useFakeTimers();
    let listening = false;
    const silent$ = new Observable<never>(() => {
      listening = true;
      return () => (listening = false);
    });
    const call = sendRpc(clientAnswering(silent$), 'orders.list', {}, { timeoutMs: 250 });
    const settled = jest.fn();
    void call.then(settled, settled);
    await jest.advanceTimersByTimeAsync(249);
    expect({ settled: settled.mock.calls.length, listening }).toEqual({ settled: 0, listening: true });
    await jest.advanceTimersByTimeAsync(1);
    await expect(refusalOf(call)).resolves.toEqual({
      status: 503,
      error: 'service_unavailable',
      message: 'orders did not answer in time',
    });
    expect(listening).toBe(false);
  });

  it('keeps the default deadline at 5 s', async () => {
    jest.useFakeTimers();
    const call = sendRpc(clientAnswering(NEVER), 'auth.jwks', {});
    const settled = jest.fn();
    void call.then(settled, settled);
    await jest.advanceTimersByTimeAsync(4999);
    expect(settled).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await expect(refusalOf(call)).resolves.toMatchObject({ status: 503 });
  });
});
