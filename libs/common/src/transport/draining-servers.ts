import type { NatsConnection } from '@nats-io/transport-node';
import { type Server, ServerNats, ServerTCP } from '@nestjs/microservices';
import { rpcInFlight } from './rpc-in-flight';
import type { RpcHandlerObserver } from './rpc-handler-observer';

/** How long a closing server waits for its handlers: an RPC's caller gives up after 5 s anyway. */
export const RPC_DRAIN_MAX_MS = 5000;

/**
 * Nest's NATS server, closing gracefully: it leaves its queue group first (the service's other
 * instances take every new request), waits for the handlers it is running to answer, then closes.
 * Nest's own `gracefulShutdown` waits a fixed period whatever is running.
 */
export class DrainingServerNats extends ServerNats {
  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly drainMs: number,
    private readonly observer: RpcHandlerObserver,
  ) {
    super(options);
  }

  override addHandler(...args: Parameters<Server['addHandler']>): void {
    super.addHandler(...this.observer.observed(args));
  }

  override async close(): Promise<void> {
    // ServerNats keeps its subscriptions private; leaving the queue group needs them.
    const { subscriptions } = this as unknown as { subscriptions?: Array<{ unsubscribe(): void }> };
    for (const subscription of subscriptions ?? []) subscription.unsubscribe();
    await rpcInFlight.idle(this.drainMs);
    // The last answers are published as their handlers complete: send them before closing.
    await this.unwrap<NatsConnection>()
      .flush()
      .catch(() => undefined);
    await super.close();
  }
}

/**
 * Nest's TCP server, closing gracefully: it stops accepting connections, waits for the handlers it
 * is running to answer on the connections they came on, then closes those. (A caller keeps one
 * connection and may send more meanwhile; those are waited for too, up to the limit.)
 */
export class DrainingServerTcp extends ServerTCP {
  constructor(
    options: ConstructorParameters<typeof ServerTCP>[0],
    private readonly drainMs: number,
    private readonly observer: RpcHandlerObserver,
  ) {
    super(options);
  }

  override addHandler(...args: Parameters<Server['addHandler']>): void {
    super.addHandler(...this.observer.observed(args));
  }

  override async close(): Promise<void> {
    this.server?.close();
    await rpcInFlight.idle(this.drainMs);
    // The last answers are written when their handlers complete; closing destroys the sockets, so
    // let those writes reach them first.
    await new Promise((resolve) => setImmediate(resolve));
    super.close();
  }
}
