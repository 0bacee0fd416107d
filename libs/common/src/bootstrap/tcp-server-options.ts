import { type TcpOptions, Transport } from '@nestjs/microservices';
import type { Environment } from '../config/environment';
import { boundedJsonSocket } from '../transport/bounded-json-socket';

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
