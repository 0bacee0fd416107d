import { type TcpOptions, Transport } from '@nestjs/microservices';
import type { Environment } from '../config/environment';

/** The TCP transport a split-mode service listens on. */
export function tcpServerOptions(env: Environment, port: number): TcpOptions {
  return { transport: Transport.TCP, options: { host: env.TCP_BIND_HOST, port } };
}
