import { context, propagation } from '@opentelemetry/api';
import type { ClientProxy } from '@nestjs/microservices';
import type { Caller } from './caller-context';

/** The metadata each outgoing message was given (by its data object, which the packet carries as is). */
const metadataByMessage = new WeakMap<object, Record<string, string>>();
const forwardingClients = new WeakSet<ClientProxy>();

/**
 * Makes `client` carry, in each packet's metadata, what `sendRpc` named for that message: the
 * identity (`{authorization: "Bearer …"}`) of `sendRpc(…, { as })`, and the W3C trace context
 * (`traceparent`) of the request it is part of. Installed on a client's first message, so no
 * client has to be built for it (Nest gives a client one dispatch hook: this one).
 */
function carryMetadata(client: ClientProxy): void {
  if (forwardingClients.has(client)) return;
  client.setOnDispatchHook((packet) => {
    const metadata =
      typeof packet.data === 'object' && packet.data !== null ? metadataByMessage.get(packet.data) : undefined;
    if (metadata) packet.metadata = { ...packet.metadata, ...metadata };
  });
  forwardingClients.add(client);
}

/**
 * `data` as a message of its own, to be sent by `client` on behalf of `caller` (when given) and
 * within the current trace (when tracing is on). A copy, so that one object sent for two callers at
 * once cannot carry the wrong one; an identity is always named per message, never taken from
 * whatever else is running (a timer or a background refresh started during a request does not act
 * as its user).
 */
export function outgoingMessage(client: ClientProxy, data: unknown, caller?: Pick<Caller, 'token'>): unknown {
  const metadata: Record<string, string> = {};
  propagation.inject(context.active(), metadata);
  if (caller) {
    if (typeof data !== 'object' || data === null)
      throw new TypeError('a message sent on behalf of a caller must be an object or an array');
    metadata.authorization = `Bearer ${caller.token}`;
  }
  if (Object.keys(metadata).length === 0 || typeof data !== 'object' || data === null) return data;
  carryMetadata(client);
  const message = Array.isArray(data) ? [...data] : { ...data };
  metadataByMessage.set(message, metadata);
  return message;
}
