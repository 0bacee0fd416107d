import type { ClientProxy } from '@nestjs/microservices';
import type { Caller } from './caller-context';

/** The token each outgoing message was given (by its data object, which the packet carries as is). */
const tokensByMessage = new WeakMap<object, string>();
const forwardingClients = new WeakSet<ClientProxy>();

/**
 * Makes `client` carry, in each packet's metadata (`{authorization: "Bearer …"}`), the identity
 * `sendRpc(…, { as })` named for that message; one without `as` carries none. Installed the first
 * time a message is sent on someone's behalf, so no client has to be built for it (Nest gives a
 * client one dispatch hook: this one).
 */
function carryIdentities(client: ClientProxy): void {
  if (forwardingClients.has(client)) return;
  client.setOnDispatchHook((packet) => {
    const token =
      typeof packet.data === 'object' && packet.data !== null ? tokensByMessage.get(packet.data) : undefined;
    if (token) packet.metadata = { ...packet.metadata, authorization: `Bearer ${token}` };
  });
  forwardingClients.add(client);
}

/**
 * `data` as a message of its own, to be sent by `client` on behalf of `caller`. A copy, so that one
 * object sent for two callers at once cannot carry the wrong one; an identity is always named per
 * message, never taken from whatever else is running (a timer or a background refresh started
 * during a request does not act as its user).
 */
export function messageOnBehalfOf(client: ClientProxy, data: unknown, caller: Pick<Caller, 'token'>): object {
  if (typeof data !== 'object' || data === null)
    throw new TypeError('a message sent on behalf of a caller must be an object or an array');
  carryIdentities(client);
  const message = Array.isArray(data) ? [...data] : { ...data };
  tokensByMessage.set(message, caller.token);
  return message;
}
