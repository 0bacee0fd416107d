import { Injectable } from '@nestjs/common';
import {
  BaseRpcContext,
  ClientProxy,
  type CustomTransportStrategy,
  type PacketMetadata,
  type ReadPacket,
  Server,
  type WritePacket,
} from '@nestjs/microservices';
import type { RpcHandlerObserver } from './rpc-handler-observer';
import { jsonCopy } from './json-copy';

/** The RPC context of a packet delivered in-process; same accessors as TcpContext. */
export class InProcessContext extends BaseRpcContext<[string, PacketMetadata | undefined]> {
  getPattern(): string {
    return this.args[0];
  }

  getMetadata(): PacketMetadata | undefined {
    return this.args[1];
  }
}

/** What crosses a process boundary: JSON, exactly as over TCP, so modules never share objects. */
const overTheWire = <T>(value: T): T => jsonCopy(value);

/** Connects in-process clients to the one in-process server of a monolith. */
@Injectable()
export class InProcessBus {
  server?: InProcessServer;
}

/**
 * The monolith's transport: message handlers run through the same guards, pipes, interceptors
 * and exception filters as over TCP, and packets are copied as TCP would serialise them.
 * No port is opened.
 */
export class InProcessServer extends Server implements CustomTransportStrategy {
  constructor(
    private readonly bus: InProcessBus,
    /** Without one, handlers run unobserved: the bench's bare-Nest floor. */
    private readonly observer?: RpcHandlerObserver,
  ) {
    super();
  }

  override addHandler(...args: Parameters<Server['addHandler']>): void {
    super.addHandler(...(this.observer?.observed(args) ?? args));
  }

  listen(callback: () => void): void {
    this.bus.server = this;
    callback();
  }

  close(): void {
    if (this.bus.server === this) this.bus.server = undefined;
  }

  on(): void {
    // No transport-level events in-process.
  }

  unwrap<T>(): T {
    return this as unknown as T;
  }

  /** Our patterns are plain strings: skip Nest's JSON.parse attempt, whose exception costs more than the rest of the lookup. */
  override getRouteFromPattern(pattern: string): string {
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  /** Runs the handler for a packet the client has already copied. */
  async deliver(packet: ReadPacket, respond: (response: WritePacket) => void): Promise<void> {
    const pattern = this.normalizePattern(packet.pattern);
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      respond({ err: { status: 404, error: 'not_found', message: `no handler for ${pattern}` }, isDisposed: true });
      return;
    }
    const context = new InProcessContext([pattern, packet.metadata]);
    // The client already copied the packet (publish, dispatchEvent): the handler owns packet.data.
    const response$ = this.transformToObservable(await handler(packet.data, context));
    if (response$) this.send(response$, (response) => respond(overTheWire(response)));
  }
}

/** A ClientProxy that hands packets to the in-process server. */
export class InProcessClient extends ClientProxy {
  constructor(private readonly bus: InProcessBus) {
    super();
  }

  async connect(): Promise<void> {}

  close(): void {}

  unwrap<T>(): T {
    return this as unknown as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    let open = true;
    const server = this.bus.server;
    if (!server) {
      callback({
        err: { status: 503, error: 'unavailable', message: 'the in-process transport is not listening' },
        isDisposed: true,
      });
      return () => undefined;
    }
    server
      .deliver(overTheWire(packet), (response) => {
        if (open) callback(response);
      })
      .catch((error: unknown) => open && callback({ err: error, isDisposed: true }));
    return () => {
      open = false;
    };
  }

  protected async dispatchEvent<T>(packet: ReadPacket): Promise<T> {
    await this.bus.server?.deliver(overTheWire(packet), () => undefined);
    return undefined as T;
  }
}
