import { describe, expect, it } from '@jest/globals';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { ExecutionContext } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { NatsMetadataSerializer } from './nats-transport';
import { rpcMetadataOf } from './rpc-metadata';

const rpcContext = (context: unknown) =>
  ({ switchToRpc: () => ({ getContext: () => context }) }) as unknown as ExecutionContext;

describe('NatsMetadataSerializer', () => {
  const serializer = new NatsMetadataSerializer();

  it('puts the metadata in the headers and only id, pattern and data in the body', () => {
    const { data, headers } = serializer.serialize({
      id: '7',
      pattern: 'orders.list',
      data: { page: 1 },
      metadata: { authorization: 'Bearer eyJ.a.b', traceparent: '00-abc-def-01' },
    } as never);
    expect(JSON.parse(data)).toEqual({ id: '7', pattern: 'orders.list', data: { page: 1 } });
    expect(data).not.toContain('Bearer');
    expect(headers?.get('authorization')).toBe('Bearer eyJ.a.b');
    expect(headers?.get('traceparent')).toBe('00-abc-def-01');
  });

  it('sends no headers when there is no metadata', () => {
    expect(serializer.serialize({ id: '1', pattern: 'inventory.list', data: {} } as never).headers).toBeUndefined();
  });
});

describe('rpcMetadataOf', () => {
  it('reads the packet metadata over TCP and in-process', () => {
    expect(rpcMetadataOf(rpcContext({ getMetadata: () => ({ authorization: 'Bearer t' }) }))).toEqual({
      authorization: 'Bearer t',
    });
  });

  it('reads the message headers over NATS', () => {
    const headers = natsHeaders();
    headers.set('Authorization', 'Bearer t');
    headers.set('traceparent', '00-abc-def-01');
    expect(rpcMetadataOf(rpcContext(new NatsContext(['orders.list', headers])))).toEqual({
      authorization: 'Bearer t',
      traceparent: '00-abc-def-01',
    });
  });

  it('answers nothing for a message without any', () => {
    expect(rpcMetadataOf(rpcContext(new NatsContext(['orders.list', undefined])))).toEqual({});
    expect(rpcMetadataOf(rpcContext(undefined))).toEqual({});
  });
});
