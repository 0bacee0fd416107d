import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { RevocationService } from '../revocations/revocation.service';
import { SessionsConfig } from './sessions.config';

export interface CleanupResult {
  sessions: number;
  refreshTokens: number;
  revocations: number;
}

/**
 * Deletes sessions that ended (revoked or expired) more than SESSION_RETENTION ago, with their
 * refresh tokens, and revocation entries no live token can need. Live sessions keep their used
 * tokens so a replay is still recognised.
 */
@Injectable()
export class SessionCleanupJob {
  private readonly logger = new Logger('SessionCleanup');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: SessionsConfig,
    private readonly clock: Clock,
    private readonly revocations: RevocationService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'session-cleanup' })
  async run(): Promise<CleanupResult> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.SESSION_RETENTION * 1000);
    const [tokens] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM auth.refresh_tokens t USING auth.sessions s
          WHERE t.session_id = s.id
            AND (s.revoked_at < $1 OR s.expires_at < $1 OR s.idle_expires_at < $1)
          RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [cutoff],
    );
    const [sessions] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM auth.sessions WHERE revoked_at < $1 OR expires_at < $1 OR idle_expires_at < $1 RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [cutoff],
    );
    const result = {
      sessions: sessions.count,
      refreshTokens: tokens.count,
      revocations: await this.revocations.prune(),
    };
    if (result.sessions || result.revocations)
      this.logger.log(`removed ${result.sessions} ended sessions, ${result.revocations} revocations`);
    return result;
  }
}
