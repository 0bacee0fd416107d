import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { connectNats, Environment } from '@app/common';
import { AUTH_EVENTS } from '@app/contracts';
import { REVOCATIONS_CHANNEL } from './revocation.service';

const RECONNECT_MS = 1000;

/**
 * Split mode over NATS: announces every committed revocation to every instance of every service,
 * so they pull the feed at once instead of at their next poll. It listens for the NOTIFY the
 * revocation's own transaction sends (PostgreSQL delivers it at commit, whichever auth instance
 * made it, so each instance announces every revocation; the announcement is idempotent). Missed
 * announcements (NATS or the listener down) cost only latency: the poll still runs.
 */
@Injectable()
export class RevocationBroadcaster implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RevocationBroadcast');
  private listener?: Client;
  private nats?: NatsConnection;
  private stopped = false;

  constructor(private readonly env: Environment) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connectNats(this.env, 'auth-revocations');
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
    await this.nats?.close();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const listener = new Client({ connectionString: this.env.DATABASE_URL });
    let failed = false;
    const fail = (error: Error) => {
      if (failed || this.stopped) return;
      failed = true;
      this.logger.warn(`revocation announcements paused (services fall back to polling): ${error.message}`);
      void listener.end().catch(() => undefined);
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    listener.on('notification', () => this.nats?.publish(AUTH_EVENTS.revocationsChanged));
    listener.on('error', fail);
    try {
      await listener.connect();
      await listener.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
      this.listener = listener;
    } catch (error) {
      fail(error as Error);
    }
  }
}
