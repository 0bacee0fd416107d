import { describe, expect, it } from '@jest/globals';
import type { MessageHandler } from '@nestjs/microservices';
import { isObservable, lastValueFrom, type Observable, of, throwError } from 'rxjs';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { RpcHandlerObserver } from './rpc-handler-observer';
import { rpcInFlight } from './rpc-in-flight';

const handlerOf = (body: (data: unknown) => Promise<unknown>) => body as unknown as MessageHandler;

const outcomes = async (metrics: PlatformMetrics) =>
  Object.fromEntries(
    (await metrics.rpcDuration.get()).values
      .filter((value) => value.metricName === 'rpc_request_duration_seconds_count')
      .map((value) => [`${value.labels.pattern} ${value.labels.outcome}`, value.value]),
  );

describe('RpcHandlerObserver', () => {
  it('counts a handler in flight from its call until its answer completes', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const observed = new RpcHandlerObserver().observe(
      'spec.slow',
      handlerOf(async () => {
        await answered;
        return of('done');
      }),
    );
    const before = rpcInFlight.count;
    const call = observed({}, undefined) as Promise<Observable<unknown>>;
    expect(rpcInFlight.count).toBe(before + 1);
    release();
    const answer$ = await call;
    expect(rpcInFlight.count).toBe(before + 1);
    await expect(lastValueFrom(answer$)).resolves.toBe('done');
    expect(rpcInFlight.count).toBe(before);
  });

  it('times each answer by pattern and outcome: ok, the status the filter answered with, or error', async () => {
    const metrics = new PlatformMetrics('spec');
    const observer = new RpcHandlerObserver(metrics);
    const answer = (pattern: string, body: () => Promise<unknown>) =>
      (observer.observe(pattern, handlerOf(body))({}, undefined) as Promise<unknown>).then((answer) =>
        isObservable(answer) ? lastValueFrom(answer) : answer,
      );
    await expect(answer('spec.plain', async () => 'a value, not an observable')).resolves.toBe(
      'a value, not an observable',
    );
    await expect(
      answer('spec.missing', async () => throwError(() => ({ status: 404, error: 'not_found', message: 'no' }))),
    ).rejects.toMatchObject({ status: 404 });
    await expect(answer('spec.broken', () => Promise.reject(new Error('thrown before any answer')))).rejects.toThrow();
    expect(await outcomes(metrics)).toEqual({ 'spec.plain ok': 1, 'spec.missing 404': 1, 'spec.broken error': 1 });
  });

  it('hands a value on as it is, no longer counted in flight once the handler has returned it', async () => {
    const metrics = new PlatformMetrics('spec');
    const before = rpcInFlight.count;
    const answer = await new RpcHandlerObserver(metrics).observe(
      'spec.value',
      handlerOf(async () => ({ orders: [] })),
    )({}, undefined);
    expect(isObservable(answer)).toBe(false);
    expect(answer).toEqual({ orders: [] });
    expect(rpcInFlight.count).toBe(before);
    expect(await outcomes(metrics)).toEqual({ 'spec.value ok': 1 });
  });

  it('leaves nothing counted after a handler that throws', async () => {
    const before = rpcInFlight.count;
    const observed = new RpcHandlerObserver().observe(
      'spec.throws',
      handlerOf(() => Promise.reject(new Error('x'))),
    );
    await expect(observed({}, undefined)).rejects.toThrow('x');
    expect(rpcInFlight.count).toBe(before);
  });

  it('keeps the chain of further handlers Nest attaches to one event pattern on the handler itself', () => {
    const first = handlerOf(async () => of(1));
    const second = handlerOf(async () => of(2));
    const observed = new RpcHandlerObserver().observe('spec.event', first);
    observed.next = second;
    expect(first.next).toBe(second);
    expect(observed.next).toBe(second);
  });
});
