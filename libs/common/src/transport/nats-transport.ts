import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { type NatsOptions, type ReadPacket, Transport } from '@nestjs/microservices';
import type { Environment } from '../config/environment';

/**
 * A request as it goes over NATS: the packet's metadata (the caller's `authorization`, the trace's
 * `traceparent`) in the message headers, and only `{id, pattern, data}` in the body. Nest's own NATS
 * serializer would put the whole packet, metadata included, in the body.
 */
export class NatsMetadataSerializer {
  serialize(packet: ReadPacket & { id?: string; metadata?: Record<string, string> }): {
    data: string;
    headers?: ReturnType<typeof natsHeaders>;
  } {
    const { metadata, ...rest } = packet;
    if (!metadata || Object.keys(metadata).length === 0) return { data: JSON.stringify(rest) };
    const headers = natsHeaders();
    for (const [key, value] of Object.entries(metadata)) headers.set(key, value);
    return { data: JSON.stringify(rest), headers };
  }
}

/** Connecting to NATS: the server, and a name that tells connections apart in `nats server report`. */
const connection = (env: Environment, name: string) => ({
  servers: env.NATS_URL.split(','),
  name,
  // Keep trying while NATS restarts, as the TCP client does while a service restarts.
  maxReconnectAttempts: -1,
  reconnectTimeWait: 250,
});

/** A plain NATS connection, for broadcasts every instance receives (Nest's transporter uses queue groups). */
export const connectNats = (env: Environment, name: string): Promise<NatsConnection> => connect(connection(env, name));

/** The client an app calls `service` through over NATS (request/reply on the pattern's subject). */
export const natsClientOptions = (env: Environment, service: string): NatsOptions => ({
  transport: Transport.NATS,
  options: { ...connection(env, `${service}-client`), serializer: new NatsMetadataSerializer() },
});

/**
 * A service's handlers on NATS: one queue group per service, so its instances share the requests
 * (each message goes to one of them). NATS bounds each message by its own `max_payload` (1 MiB by
 * default, the same order as TCP_MAX_FRAME_LENGTH's default): a larger one is refused to its sender.
 */
export const natsServerOptions = (env: Environment, service: string): NatsOptions => ({
  transport: Transport.NATS,
  options: { ...connection(env, service), queue: service },
});
