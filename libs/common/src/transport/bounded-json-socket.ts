import { TcpSocket } from '@nestjs/microservices';
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

export interface FrameLimits {
  /** Largest frame accepted, in characters of JSON (the unit of Nest's `length#json` prefix). */
  maxFrameLength: number;
  /** Time a frame may take to arrive whole, counted from its first byte. */
  frameTimeoutMs: number;
}

/** Longest length prefix worth reading: more digits than this can only be an attack or noise. */
const MAX_PREFIX_DIGITS = 16;
const DIGITS = /^\d+$/;

class FramingError extends Error {}

/**
 * Nest's `length#json` TCP framing for a server that faces untrusted peers. Nest's own JsonSocket
 * (12.1) trusts the declared length until 128 M characters have been buffered, half-closes on bad
 * input (a peer may keep the socket open) and restarts its idle timer on every byte (a peer sending
 * one byte every few seconds is never timed out). This one refuses an oversized prefix as soon as it
 * is read, gives each frame a deadline from its first byte, and destroys the connection on any
 * framing fault. Other connections are untouched.
 */
export function boundedJsonSocket(limits: FrameLimits): new (socket: Socket) => TcpSocket {
  return class BoundedJsonSocket extends TcpSocket {
    private readonly decoder = new StringDecoder('utf8');
    private buffer = '';
    private frameLength: number | null = null;
    private deadline: NodeJS.Timeout | null = null;

    constructor(socket: Socket) {
      super(socket);
      socket.on('close', () => this.clearDeadline());
    }

    protected override handleData(data: Buffer | string): void {
      this.buffer += typeof data === 'string' ? data : this.decoder.write(data);
      this.readFrames();
      if (this.buffer.length > 0 || this.frameLength !== null) this.armDeadline();
    }

    protected override handleSend(message: unknown, callback?: (error?: unknown) => void): void {
      const json = JSON.stringify(message);
      const flushed = this.socket.write(`${json.length}#${json}`, 'utf8', callback);
      // A peer that sends requests but never reads the answers must not make us buffer them all.
      if (!flushed && this.socket.writableLength > limits.maxFrameLength * 4) this.socket.destroy();
    }

    protected override handleDataError(error: unknown): void {
      this.clearDeadline();
      this.buffer = '';
      this.frameLength = null;
      this.socket.emit('error', error instanceof Error ? error.message : String(error));
      this.socket.destroy();
    }

    private readFrames(): void {
      for (;;) {
        if (this.frameLength === null) {
          const delimiter = this.buffer.indexOf('#');
          if (delimiter === -1) {
            if (this.buffer.length > MAX_PREFIX_DIGITS)
              throw new FramingError('Corrupted length value: no length prefix');
            return;
          }
          const prefix = this.buffer.slice(0, delimiter);
          if (prefix.length > MAX_PREFIX_DIGITS || !DIGITS.test(prefix))
            throw new FramingError('Corrupted length value: not a length');
          const length = Number(prefix);
          if (length > limits.maxFrameLength)
            throw new FramingError(`frame of ${length} characters exceeds ${limits.maxFrameLength}`);
          this.frameLength = length;
          this.buffer = this.buffer.slice(delimiter + 1);
        }
        if (this.buffer.length < this.frameLength) return;
        const frame = this.buffer.slice(0, this.frameLength);
        this.buffer = this.buffer.slice(this.frameLength);
        this.frameLength = null;
        this.clearDeadline();
        this.emitMessage(frame);
        if (this.socket.destroyed) return;
      }
    }

    private armDeadline(): void {
      if (this.deadline) return;
      this.deadline = setTimeout(
        () => this.handleDataError(new FramingError('frame not completed in time')),
        limits.frameTimeoutMs,
      );
      this.deadline.unref();
    }

    private clearDeadline(): void {
      if (this.deadline) clearTimeout(this.deadline);
      this.deadline = null;
    }
  };
}
