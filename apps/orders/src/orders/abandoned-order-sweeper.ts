import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { InjectService } from '@app/common';
import { sendRpc } from '@app/security';
import { INVENTORY_PATTERNS } from '@app/contracts';
import { DelegatedTokenService } from './delegated-token.service';
import { OrdersConfig } from './orders.config';

const BATCH = 100;

/**
 * Gives back the stock of orders that were never recorded: a pending order older than
 * PENDING_ORDER_TIMEOUT_SECONDS belongs to a process that died between reserving and confirming.
 * Claiming it (pending → releasing) is one statement, so of several orders instances exactly one
 * takes it and a late confirmation finds it gone; the release at inventory is idempotent, so a
 * sweep that fails half-way is simply repeated.
 */
@Injectable()
export class AbandonedOrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Orders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectService('inventory') private readonly inventory: ClientProxy,
    private readonly tokens: DelegatedTokenService,
    private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(10, this.config.PENDING_ORDER_TIMEOUT_SECONDS / 3) * 1000;
    this.timer = setInterval(() => void this.sweepOnce(), every).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep (never two at once in this process); answers how many orders' stock it gave back. */
  sweepOnce(): Promise<number> {
    this.running ??= this.sweep()
      .catch((error: Error) => {
        this.logger.warn(`abandoned orders not swept this time: ${error.message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<number> {
    await this.dataSource.query(
      `UPDATE orders.orders SET status = 'releasing'
        WHERE id IN (SELECT id FROM orders.orders
                      WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
                      ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [this.config.PENDING_ORDER_TIMEOUT_SECONDS, BATCH],
    );
    const releasing: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM orders.orders WHERE status = 'releasing' ORDER BY created_at LIMIT $1`,
      [BATCH],
    );
    if (releasing.length === 0) return 0;
    const token = await this.tokens.ownForInventory();
    for (const { id } of releasing) {
      await sendRpc(this.inventory, INVENTORY_PATTERNS.releaseAbandoned, { reservationId: id }, { as: { token } });
      await this.dataSource.query(`DELETE FROM orders.orders WHERE id = $1 AND status = 'releasing'`, [id]);
    }
    this.logger.warn(`gave back the stock of ${releasing.length} order(s) never recorded (their process stopped)`);
    return releasing.length;
  }
}
