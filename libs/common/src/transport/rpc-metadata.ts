import type { ExecutionContext } from '@nestjs/common';

/** What a NATS message's headers look like to a handler (`NatsContext#getHeaders()`). */
interface MessageHeaders {
  keys(): string[];
  get(key: string): string;
}

/**
 * The metadata an RPC carried: the packet's metadata over TCP and in-process
 * (`TcpContext#getMetadata()`), the message headers over NATS. One reading for the guards and the
 * tracing, whatever the transport.
 */
export function rpcMetadataOf(execution: ExecutionContext): Record<string, string> {
  return metadataOfRpcContext(execution.switchToRpc().getContext());
}

/** The same, from the transport's own context object (TcpContext, NatsContext, InProcessContext). */
export function metadataOfRpcContext(context: unknown): Record<string, string> {
  const rpc = context as
    | { getMetadata?: () => Record<string, string> | undefined; getHeaders?: () => MessageHeaders | undefined }
    | undefined;
  if (typeof rpc?.getMetadata === 'function') return rpc.getMetadata() ?? {};
  const headers = typeof rpc?.getHeaders === 'function' ? rpc.getHeaders() : undefined;
  if (!headers) return {};
  const metadata: Record<string, string> = {};
  for (const key of headers.keys()) metadata[key.toLowerCase()] = headers.get(key);
  return metadata;
}
