import type { INestApplication } from '@nestjs/common';
import { type CustomStrategy, type TcpOptions, Transport } from '@nestjs/microservices';
import { WorkersConfig } from '../cluster/workers.config';
import { DrainingServerNats, DrainingServerTcp, RPC_DRAIN_MAX_MS } from '../transport/draining-servers';
import type { Environment } from '../config/environment';
import { boundedJsonSocket } from '../transport/bounded-json-socket';
import { natsServerOptions } from '../transport/nats-transport';
import { RpcHandlerObserver } from '../transport/rpc-handler-observer';

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

/**
 * Where a split-mode service takes its messages: its TCP port, or its queue group on NATS
 * (TRANSPORT); either server, on shutdown, lets the handlers it is running answer before it closes,
 * and observes every handler of `app` (see RpcHandlerObserver).
 */
export function rpcServerOptions(
  app: INestApplication,
  env: Environment,
  service: string,
  tcpPort: number,
): CustomStrategy {
  const drainMs = Math.min(RPC_DRAIN_MAX_MS, env.feature(WorkersConfig).SHUTDOWN_GRACE_MS / 2);
  const observer = RpcHandlerObserver.of(app);
  return {
    strategy:
      env.TRANSPORT === 'nats'
        ? new DrainingServerNats(natsServerOptions(env, service).options!, drainMs, observer)
        : new DrainingServerTcp(tcpServerOptions(env, tcpPort).options!, drainMs, observer),
  };
}
