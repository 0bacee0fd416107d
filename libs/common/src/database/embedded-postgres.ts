import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

// Only what this class uses: the packages are ESM and their types differ between import modes.
interface EmbeddedEngine {
  readonly closed: boolean;
  close(): Promise<void>;
}
interface WireServer {
  stop(): Promise<void>;
}

export const IN_MEMORY = 'memory://';

/**
 * PGlite served over the PostgreSQL wire protocol on a loopback port, so that the application
 * talks to it through the same `pg` driver and code path as to a real server.
 * PGlite is a single session: callers must pool one connection so transactions never interleave.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: EmbeddedEngine,
    private readonly server: WireServer,
    readonly url: string,
    readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    // Loaded lazily: the WASM engine is only needed when no DATABASE_URL is configured.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    let path: string | undefined;
    if (dataDir !== IN_MEMORY) {
      path = resolve(dataDir);
      await mkdir(path, { recursive: true });
    }
    const db = path ? await PGlite.create(path) : await PGlite.create();
    // The application pools one connection, but the server frees a closed connection's slot only on
    // the next tick: headroom lets a pool reconnect at once. Its query queue keeps transactions whole.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    return new EmbeddedPostgres(db, server, url, dataDir);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    if (!this.db.closed) await this.db.close();
  }
}
