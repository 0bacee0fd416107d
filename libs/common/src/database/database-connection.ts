import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { EmbeddedPostgres } from './embedded-postgres';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  /** Names the embedded data directory when `PGLITE_DATA_DIR` is unset. */
  appName: string;
}

/**
 * Where the database is: `DATABASE_URL` when set, otherwise an embedded PGlite started on demand.
 * Owns the embedded instance's life and closes the TypeORM pool before stopping it.
 */
@Injectable()
export class DatabaseConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedPostgres;

  constructor(
    private readonly env: Environment,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
    private readonly moduleRef: ModuleRef,
  ) {}

  get isEmbedded(): boolean {
    return !this.env.DATABASE_URL;
  }

  /** A single connection for PGlite (one session, transactions must not interleave). */
  get poolSize(): number {
    return this.isEmbedded ? 1 : this.env.DATABASE_POOL_SIZE;
  }

  async url(): Promise<string> {
    if (this.env.DATABASE_URL) return this.env.DATABASE_URL;
    if (!this.embedded) {
      const dataDir = this.env.PGLITE_DATA_DIR ?? `.data/pglite/${this.options.appName}`;
      this.embedded = await EmbeddedPostgres.start(dataDir);
      const message = `embedded PostgreSQL (PGlite) ready, data in ${dataDir}`;
      // Production gets here only with ALLOW_EMBEDDED_DATABASE=true: say so where operators look.
      if (this.env.NODE_ENV === 'production')
        this.logger.warn(`${message}; production is running on the embedded database`);
      else this.logger.log(message);
    }
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
    this.embedded = undefined;
  }
}
