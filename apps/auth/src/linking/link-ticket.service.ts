import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { newOpaqueToken, sha256Hex } from '../shared/token-hash';
import { LinkTicket } from './link-ticket.entity';

export const LINK_TICKET_LIFETIME_MS = 60_000;

/**
 * Link tickets: a signed-in SPA cannot send its Bearer token along a top-level navigation to a
 * provider, so it trades it for a ticket (60 s, single use) that the login start redeems.
 */
@Injectable()
export class LinkTicketService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async issue(accountId: string, sessionId: string): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = newOpaqueToken();
    const now = this.clock.now();
    const repository = this.dataSource.getRepository(LinkTicket);
    // Spent and expired tickets are worth nothing; they go as new ones come.
    await repository.createQueryBuilder().delete().where('expires_at < :now', { now }).execute();
    await repository.insert({
      ticketHash: sha256Hex(ticket),
      accountId,
      sessionId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LINK_TICKET_LIFETIME_MS),
      usedAt: null,
    });
    return { ticket, expiresIn: LINK_TICKET_LIFETIME_MS / 1000 };
  }

  /** Spends the ticket (once, atomically) and answers the account it adds a login to; 400 otherwise. */
  async redeem(ticket: string): Promise<string> {
    const [rows]: [Array<{ accountId: string }>, number] = await this.dataSource.query(
      `UPDATE auth.link_tickets SET used_at = $2
        WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING account_id AS "accountId"`,
      [sha256Hex(ticket), this.clock.now()],
    );
    if (!rows[0]) throw new BadRequestException('link_ticket is invalid, expired or already used');
    return rows[0].accountId;
  }
}
