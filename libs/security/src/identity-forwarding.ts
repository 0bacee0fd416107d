import type { ClientProxy } from '@nestjs/microservices';
import { callerStorage } from './caller-context';

/**
 * Makes every packet this client sends carry the ambient caller's token in its metadata
 * (`{authorization: "Bearer …"}`), so handlers call other services without threading tokens.
 */
export function forwardCallerIdentity<T extends ClientProxy>(client: T): T {
  client.setOnDispatchHook((packet) => {
    const caller = callerStorage.getStore();
    if (caller) packet.metadata = { ...packet.metadata, authorization: `Bearer ${caller.token}` };
  });
  return client;
}
