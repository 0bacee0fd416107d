import { type NatsOptions, type TcpOptions, Transport } from '@nestjs/microservices';
import type { Environment } from '../config/environment';
import { boundedJsonSocket } from '../transport/bounded-json-socket';
import { natsServerOptions } from '../transport/nats-transport';

/** The TCP transport a split-mode service listens on, with frame limits for untrusted peers. */
export function tcpServerOptions(env: Environment, port: number): TcpOptions {
  return {
    transport: Transport.TCP,
    options: {
      host: env.TCP_BIND_HOST,
      port,
      socketClass: boundedJsonSocket({
        maxFrameLength: env.TCP_MAX_FRAME_LENGTH,
        frameTimeoutMs: env.TCP_FRAME_TIMEOUT_MS,
      }),
    },
  };
}

/** Where a split-mode service takes its messages: its TCP port, or its queue group on NATS (TRANSPORT). */
export function rpcServerOptions(env: Environment, service: string, tcpPort: number): TcpOptions | NatsOptions {
  return env.TRANSPORT === 'nats' ? natsServerOptions(env, service) : tcpServerOptions(env, tcpPort);
}
