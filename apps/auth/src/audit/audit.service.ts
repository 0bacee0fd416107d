import { Injectable, Optional } from '@nestjs/common';
import { PlatformMetrics } from '@app/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, LessThan, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import {
  AUDIT_PAGE_SIZE,
  type AuditEventType,
  type AuditEventView,
  type AuditPage,
  type AuditQuery,
} from '@app/contracts';
import { Clock } from '../clock/clock';
import { AuditEvent } from './audit-event.entity';
import type { ClientContext } from './client-context';

export interface AuditRecord {
  accountId?: string | null;
  sessionId?: string | null;
  client?: ClientContext;
  /** Facts about the event. Never a token or secret. */
  detail?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly clock: Clock,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {}

  /**
   * Appends an event; pass `manager` to make it part of the caller's transaction. Logins, reuse
   * detections and bans are counted here, where every one of them is recorded (refresh rotations,
   * audited inside their SQL statement, are counted by SessionService).
   */
  async record(type: AuditEventType, record: AuditRecord = {}, manager?: EntityManager): Promise<void> {
    this.count(type, record);
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    // insert, not save: one INSERT, where save wraps it in a transaction of its own (three round trips).
    await repository.insert({
      type,
      accountId: record.accountId ?? null,
      sessionId: record.sessionId ?? null,
      ip: record.client?.ip ?? null,
      userAgent: record.client?.userAgent ?? null,
      // A jsonb column: TypeORM's partial-entity type cannot express `unknown` values, JSON can.
      detail: (record.detail ?? {}) as QueryDeepPartialEntity<AuditEvent['detail']>,
      createdAt: this.clock.now(),
    });
  }

  /** A page of the log, newest first, for the admin routes; `before` is the previous page's `next`. */
  async page(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? AUDIT_PAGE_SIZE.default;
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.account) where.accountId = query.account;
    if (query.type) where.type = query.type;
    if (query.before) where.id = LessThan(query.before);
    // One more than the page, to know whether there is a next one without counting.
    const rows = await this.events.find({ where, order: { id: 'DESC' }, take: limit + 1 });
    const events = rows.slice(0, limit).map((event): AuditEventView => ({
      id: event.id,
      type: event.type,
      accountId: event.accountId,
      sessionId: event.sessionId,
      ip: event.ip,
      userAgent: event.userAgent,
      detail: event.detail,
      at: event.createdAt.toISOString(),
    }));
    return { events, next: rows.length > limit ? events[events.length - 1].id : null };
  }

  private count(type: AuditEventType, record: AuditRecord): void {
    if (!this.metrics) return;
    const provider = typeof record.detail?.provider === 'string' ? record.detail.provider : 'none';
    if (type === 'login_succeeded') this.metrics.logins.inc({ provider, outcome: 'success' });
    else if (type === 'login_failed') this.metrics.logins.inc({ provider, outcome: 'failure' });
    else if (type === 'refresh_reuse_detected') this.metrics.reuseDetections.inc();
    else if (type === 'ban') this.metrics.bans.inc();
  }
}
