import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { AuditEvent, type AuditEventType } from './audit-event.entity';
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
  ) {}

  /** Appends an event; pass `manager` to make it part of the caller's transaction. */
  async record(type: AuditEventType, record: AuditRecord = {}, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.save(
      repository.create({
        type,
        accountId: record.accountId ?? null,
        sessionId: record.sessionId ?? null,
        ip: record.client?.ip ?? null,
        userAgent: record.client?.userAgent ?? null,
        detail: record.detail ?? {},
        createdAt: this.clock.now(),
      }),
    );
  }
}
