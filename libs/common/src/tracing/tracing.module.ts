import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RpcTracingInterceptor } from './rpc-tracing.interceptor';
import { stopTracing } from './start-tracing';

/** Every RPC handler in a span of the caller's trace (see RpcTracingInterceptor); spans still buffered are exported at shutdown. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: RpcTracingInterceptor }] })
export class TracingModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
