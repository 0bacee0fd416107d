import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './start-tracing';

/** Spans still buffered are exported at shutdown (RPC handlers get their spans from RpcHandlerObserver). */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
