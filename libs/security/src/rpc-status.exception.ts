import { RpcException } from '@nestjs/microservices';

/** The error shape every service answers over RPC; the gateway maps `status` back to HTTP. */
export interface RpcErrorBody {
  status: number;
  error: string;
  message: string | string[];
}

export class RpcStatusException extends RpcException {
  constructor(status: number, error: string, message: string | string[]) {
    super({ status, error, message } satisfies RpcErrorBody);
  }
}

export const isRpcErrorBody = (value: unknown): value is RpcErrorBody =>
  typeof value === 'object' && value !== null && typeof (value as RpcErrorBody).status === 'number';
